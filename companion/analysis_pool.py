"""``/analyze`` in worker processes, so the server's own threads only wait on I/O.

Analysis is Python work under the GIL. Run in the server's threads, eight 500-comment
calls made every other request of the process (the extension's ``/health`` probe
among them) wait for the GIL. Here each call runs in a worker process and the
server's thread waits on its answer, which costs the server nothing.

- ``otklik serve`` starts ``workers`` processes (``--workers`` / ``OTKLIK_WORKERS``;
  ``default_workers()``: 1 on a machine with up to 2 cores, 2 on more). Each loads the
  models once, at start-up, in the background; ``0`` analyses in the server's threads,
  as ``create_app`` alone does (the tests' client, ``otklik classify``): no process is
  started for an app that has no pool.
- Every worker has a slot of its own (a one-process ``ProcessPoolExecutor``), so a
  worker that dies in a call (killed, out of memory, a crash in a C extension) fails
  that call alone, with ``WorkerCrashed`` (a 503 to the caller), and is replaced;
  a worker found dead between calls is replaced before the call goes to it.
- The tone model is the one in use in the data dir: a worker asks
  ``model_registry.active_tone_path`` on every call, as the server does, so `otklik
  train` and `otklik models use` take effect in the workers at their next call, and
  the model switched away from leaves their memory.
- ``stop()`` ends the workers at once (they hold nothing to save). A worker ignores
  Ctrl-C (the terminal sends it to the whole process group; the server stops it) and
  exits by itself when the server process is gone, even after ``kill -9``.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

log = logging.getLogger("otklik")

APP_KEY = "otklik.analysis_pool"  # where `otklik serve` puts the pool: app.extensions
WARM_COMMENT = {"id": "warmup", "text": "Спасибо, всё работает!"}


_main_lock = threading.Lock()


class WorkerCrashed(RuntimeError):
    """The worker process running this call died before answering."""


class PoolStopped(RuntimeError):
    """The pool was stopped (the server is shutting down)."""


def default_workers() -> int:
    """1 on a machine with 1-2 cores (one core stays with the server and the browser),
    2 on more: the operator's pages come one at a time, a third worker buys nothing."""
    return 1 if (os.cpu_count() or 1) <= 2 else 2


def _worker_init(data_dir: str) -> None:
    """Runs in each new worker: signals, the watch on the server, the models loaded."""
    import signal

    from . import analysis, server

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server to handle
    parent = multiprocessing.parent_process()
    if parent is not None:
        # The server gone (even by kill -9): nothing is left to answer to.
        threading.Thread(target=_exit_with, args=(parent,), daemon=True,
                         name="otklik-parent-watch").start()
    server.tune_malloc()
    with contextlib.suppress(Exception):  # a broken model: the call will say why
        analysis.analyze([WARM_COMMENT], Path(data_dir))


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """While a worker starts: no ``__main__`` for it to re-import.

    A spawned process first re-runs the parent's main module (as ``__mp_main__``, by
    path or, under ``python -m``, by name) so that functions defined there unpickle.
    For ``otklik`` that is the console entry point or ``companion.cli``, which import
    the whole CLI: Flask, SQLAlchemy, Alembic, the draft checks (86 MB of RSS) that a
    worker never uses; everything a worker runs lives in this module.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    with _main_lock:
        saved = {k: main.__dict__[k] for k in ("__file__", "__spec__") if k in main.__dict__}
        main.__dict__.pop("__file__", None)
        main.__spec__ = None
        try:
            yield
        finally:
            main.__dict__.update(saved)
            if "__spec__" not in saved:
                del main.__spec__


def _exit_with(parent: Any) -> None:
    parent.join()
    os._exit(0)


def _analyze(comments: list[dict], data_dir: str, lang: str, tone_mode: str) -> list[dict]:
    from .analysis import analyze

    return analyze(comments, Path(data_dir), lang, tone_mode=tone_mode)


def _ready() -> int:
    return os.getpid()


class AnalysisPool:
    """``workers`` analysis processes for one data dir; ``analyze`` is thread-safe."""

    def __init__(self, data_dir: Path, workers: int) -> None:
        if workers < 1:
            raise ValueError("an analysis pool needs at least one worker")
        self.data_dir = str(data_dir)
        # spawn on every platform: the server has threads by now (forking them is
        # unsafe), and Windows and macOS spawn anyway, so one behaviour everywhere.
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._stopped = False
        self._slots = [self._new_slot() for _ in range(workers)]
        self._free: queue.SimpleQueue[int] = queue.SimpleQueue()
        for i in range(workers):
            self._free.put(i)

    @property
    def workers(self) -> int:
        return len(self._slots)

    def _new_slot(self) -> ProcessPoolExecutor:
        executor = ProcessPoolExecutor(
            max_workers=1, mp_context=self._context,
            initializer=_worker_init, initargs=(self.data_dir,),
        )
        with _main_module_hidden():
            executor.submit(_ready)  # starts the process now, so the models load now
        return executor

    def _replace(self, i: int, dead: ProcessPoolExecutor) -> ProcessPoolExecutor:
        with self._lock:
            if self._stopped:
                raise PoolStopped("the companion is stopping")
            if self._slots[i] is dead:
                _kill(dead)
                self._slots[i] = self._new_slot()
            return self._slots[i]

    def analyze(
        self, comments: list[dict], lang: str = "ru", tone_mode: str = "fast"
    ) -> list[dict]:
        """``companion.analysis.analyze`` of ``comments`` in a free worker (waits for one).

        Raises ``WorkerCrashed`` when the worker died in this call (it is replaced),
        ``PoolStopped`` after ``stop``; the analysis's own errors as they are.
        """
        i = self._free.get()
        try:
            if self._stopped:
                raise PoolStopped("the companion is stopping")
            executor = self._slots[i]
            args = (_analyze, comments, self.data_dir, lang, tone_mode)
            try:
                future = executor.submit(*args)
            except (BrokenProcessPool, RuntimeError):
                # Died between calls (or was found dead by another call): nothing of
                # this call ran yet, so it goes to the replacement.
                executor = self._replace(i, executor)
                future = executor.submit(*args)
            try:
                return future.result()
            except BrokenProcessPool:
                if self._stopped:
                    raise PoolStopped("the companion is stopping") from None
                log.warning("analysis worker %d died in a call; starting a new one", i)
                self._replace(i, executor)
                raise WorkerCrashed(
                    "The analysis worker stopped in this call (it was killed, or ran out "
                    "of memory); a new one is starting: send the call again"
                ) from None
        finally:
            self._free.put(i)

    def pids(self) -> list[int]:
        """Process ids of the live workers (for `otklik status`-like checks and tests)."""
        return [p.pid for ex in self._slots for p in _processes(ex) if p.is_alive()]

    def stop(self) -> None:
        """End every worker now; calls in progress get ``PoolStopped``."""
        with self._lock:
            self._stopped = True
            for executor in self._slots:
                _kill(executor)
        # The queues' semaphores are released when collected; left to the resource
        # tracker at exit, it warns of "leaked semaphore objects" on stderr.
        gc.collect()


def _processes(executor: ProcessPoolExecutor) -> list[Any]:
    # ProcessPoolExecutor keeps its processes in a private dict (Python 3.14 adds
    # terminate_workers; the companion supports 3.11). Empty after shutdown.
    return list((getattr(executor, "_processes", None) or {}).values())


def _kill(executor: ProcessPoolExecutor) -> None:
    processes = _processes(executor)
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    # The processes are dead, so waiting for the executor's thread takes no time.
    executor.shutdown(wait=True, cancel_futures=True)


def start(data_dir: Path, workers: int) -> AnalysisPool | None:
    """A pool of ``workers`` processes for ``data_dir``, or None for ``workers == 0``."""
    return AnalysisPool(data_dir, workers) if workers > 0 else None
