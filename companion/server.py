"""Running the app with waitress on loopback, and finding a running companion."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import private
from .config import SERVE_LOCK_NAME, SERVER_INFO_NAME


class PortTaken(RuntimeError):
    pass


def tune_malloc() -> None:
    """On glibc: two malloc arenas and a fixed mmap threshold for the server process.

    With several worker threads glibc keeps an arena per thread, and its mmap threshold
    rises after a large numpy temporary is freed, so the next ones come from the arenas
    and their memory stays with the process. Measured with scripts/bench_memory.py
    (5,000 templates and 50,000 replies stored): 423 -> 360 MB. Elsewhere a no-op.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc (musl, for one)
        return
    m_mmap_threshold, m_arena_max = -3, -8  # from glibc's malloc.h
    mallopt(m_arena_max, 2)
    mallopt(m_mmap_threshold, 128 * 1024)


def make_server(app, host: str, port: int, threads: int = 8):
    """A waitress server bound to ``host:port``; raises PortTaken with what to do.

    Its requests pass ``companion.gate`` first (Host, Origin and token refused before the
    body is read; the body limit enforced by waitress on Content-Length; cheap calls and
    /analyze calls on threads of their own: ``server.lane_dispatchers``).
    """
    from waitress.server import create_server

    from . import gate

    try:
        srv = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="otklik",
            max_request_body_size=app.config["MAX_CONTENT_LENGTH"],
            # An idle keep-alive connection is closed after this long; shutdown does
            # not wait for them at all (see serve_until_stopped).
            channel_timeout=60,
        )
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortTaken(
                f"Port {port} on {host} is taken. Is otklik already running? "
                f"Check with `otklik status`, stop the other program, or start on another "
                f"port with `otklik serve --port {port + 1}` (then set that address in the "
                f"extension's options)."
            ) from None
        raise
    srv.lane_dispatchers = gate.install(srv, app.config)
    return srv


class Stop(KeyboardInterrupt):
    """Raised in the main thread by SIGTERM, so shutdown runs the way Ctrl-C's does.

    A KeyboardInterrupt, not an Exception: the signal can land while waitress's loop is
    inside a channel's handler, whose bare ``except:`` re-raises only KeyboardInterrupt,
    SystemExit and ExitNow and swallows the rest (the server then kept serving after
    SIGTERM: seen once in CI, a restart test waiting 30 s for the first server to end).
    """


SHUTDOWN_WAIT_S = 1.5
EXIT_DEADLINE_S = 4.0


def serve_until_stopped(srv, on_stop=None) -> None:
    """Run ``srv`` until Ctrl-C or SIGTERM; returns within a few seconds of either, with
    both signals ignored from then on (the process is ending).

    ``on_stop`` (if given) runs first when it stops: the analysis workers end there, so
    the threads waiting on them are free before the pools are waited for.

    waitress's own close waits up to 5 s for each pool and never returns while a
    keep-alive client stays connected when only the listening socket is closed; here
    the pools get SHUTDOWN_WAIT_S together, then open connections are dropped (a request cut
    short was not acknowledged, and its transaction rolls back).
    """
    import logging
    import signal

    from waitress import wasyncore

    def on_stop_signal(*_):
        # Ignored from the first statement: a second TERM or Ctrl-C (pressed twice, or
        # sent to the process group) arriving while this one unwinds must not interrupt
        # the stop (click would print «Aborted!» after «otklik stopped.», status 1).
        ignore_stop_signals()
        raise Stop

    signal.signal(signal.SIGTERM, on_stop_signal)
    signal.signal(signal.SIGINT, on_stop_signal)
    deadline = None
    try:
        srv.asyncore.loop(
            timeout=srv.adj.asyncore_loop_timeout, map=srv._map, use_poll=srv.adj.asyncore_use_poll
        )
    except (KeyboardInterrupt, Stop):
        deadline = _exit_anyway_after(EXIT_DEADLINE_S)
    finally:
        ignore_stop_signals()  # also when the loop ended otherwise
        if on_stop is not None:
            on_stop()
        waited_until = time.monotonic() + SHUTDOWN_WAIT_S  # for all the pools together
        for pool in (srv.task_dispatcher, *getattr(srv, "lane_dispatchers", ())):
            pool.shutdown(timeout=max(0.0, waited_until - time.monotonic()))
        # A call still computing will find its socket gone; what waitress would log
        # about that is noise from a shutdown the operator asked for.
        logging.getLogger("waitress").disabled = True
        wasyncore.close_all(srv._map)
        # The calls are stopped or cut off: what follows (the backup at stop, which has
        # its own budget) must not be killed half-way by a deadline meant for them.
        if deadline is not None:
            deadline.set()
        # The stop signals stay ignored: the process ends after this returns, and putting
        # the previous (default) handlers back left a moment in which one more TERM killed
        # it before the caller ignored them again (exit -15, seen once in CI in the test
        # that sends TERM every millisecond).


def ignore_stop_signals() -> None:
    """SIGTERM and SIGINT ignored from here on: the stop already under way finishes."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def exit_now(code: int = 0) -> None:
    """End the process at once after an orderly shutdown, logs and output flushed.

    Python's own exit would now wait for pools a model library may have started and
    then finalize under daemon threads still computing (which can abort the process
    while one of them holds stderr's lock); nothing is left that needs it.
    """
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _exit_anyway_after(seconds: float):
    """Exit with status 0 after ``seconds`` if the shutdown of the server's calls has not
    ended by then; ``set()`` the event returned once it has (the deadline is off).

    A call still computing holds its thread (and maybe a pool's at interpreter exit);
    the operator asked to stop. Safe for the data: an unfinished transaction was never
    acknowledged, and SQLite rolls it back as after a crash.
    """
    import threading

    done = threading.Event()

    def deadline() -> None:
        if done.wait(seconds):
            return
        sys.stderr.write(f"otklik stopped (calls still running cut off after {seconds:.0f} s)\n")
        sys.stderr.flush()
        os._exit(0)

    threading.Thread(target=deadline, name="otklik-exit-deadline", daemon=True).start()
    return done


def hold_data_dir(data_dir: Path):
    """Lock ``data_dir`` for this process's `otklik serve`: the open lock file (keep it
    open while serving; the OS releases it when the process ends, however it ends), or
    None when another process holds it (this data dir's companion already runs).

    An OS lock rather than a pid in a file: a pid outlives its process and is reused, and
    two companions on one store (on two ports) would each take the other for stale. A
    file system without locks (some network shares) gives an unlocked start, as before.
    """
    path = data_dir / SERVE_LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        # A data dir that cannot be written: opening the store says so in its own one
        # line, so nothing more here.
        return _Unlocked()
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # byte 0; may lie past the end
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
            return None
        return _unlocked(path, exc)
    return _Held(fd)


def _unlocked(path: Path, exc: OSError) -> _Unlocked:
    # Said once, so that two companions on one store there are not a silent surprise.
    import logging

    logging.getLogger("otklik").warning(
        "cannot lock %s (%s): a second `otklik serve` on this data dir would not be "
        "refused", path, exc.strerror or exc)
    return _Unlocked()


class _Held:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the only descriptor drops the lock
            self.fd = None


class _Unlocked(_Held):
    def __init__(self) -> None:
        self.fd = None


def recorded_address(data_dir: Path) -> str | None:
    """``http://host:port`` of this data dir's running companion as server.json records
    it (None: stopped as far as it says, or no readable file)."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        info = json.loads((data_dir / SERVER_INFO_NAME).read_text("utf-8"))
        if info.get("pid"):
            host = info.get("host") or "127.0.0.1"
            return f"http://{f'[{host}]' if ':' in host else host}:{int(info['port'])}"
    return None


def write_server_info(data_dir: Path, host: str, port: int) -> Path:
    path = data_dir / SERVER_INFO_NAME
    private.write_text(path, json.dumps({"pid": os.getpid(), "host": host, "port": port}))
    return path


def try_write_server_info(data_dir: Path, host: str, port: int) -> str | None:
    """write_server_info, or the one line that says why not (a full or read-only disk):
    `otklik status` then looks on the default port instead; serving goes on."""
    try:
        write_server_info(data_dir, host, port)
    except OSError as exc:
        return f"could not write {data_dir / SERVER_INFO_NAME}: {exc.strerror or exc}"
    return None


def clear_server_info(data_dir: Path) -> None:
    """Mark this process's server.json stopped, keeping its port: `otklik status` after
    a stop then looks where this data dir's companion last ran, not on the default port,
    where another data dir's companion may answer. A file a later `otklik serve` wrote
    (another pid) is left as it is."""
    path = data_dir / SERVER_INFO_NAME
    try:
        info = json.loads(path.read_text("utf-8"))
        if info.get("pid") == os.getpid():
            private.write_text(path, json.dumps(
                {"pid": None, "host": info.get("host"), "port": info.get("port"),
                 "stopped": True}))
    except (OSError, ValueError):
        pass


def probe(host: str, port: int, timeout: float = 1.0) -> dict | None:
    """``/health`` of a companion at host:port, or None if what answers is not one."""
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        with urllib.request.urlopen(f"http://{netloc}/api/v1/health", timeout=timeout) as resp:
            if not resp.headers.get("X-Otklik-Version"):
                return None
            return json.loads(resp.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def listens(host: str, port: int, timeout: float = 1.0) -> bool:
    """Whether anything accepts a connection on host:port (otklik or another program)."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def running(
    data_dir: Path, default_port: int, prefer: int | None = None
) -> tuple[int, dict | None]:
    """The port to look at and the health of what answers there, if a companion does.

    The port: ``prefer`` if given, else the one this data dir's companion was last
    started on (server.json, kept when it stops), else ``default_port``. Whether that
    companion serves this data dir is for the caller to tell from ``data_dir_id``.
    """
    port = prefer or default_port
    if prefer is None:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            port = int(json.loads((data_dir / SERVER_INFO_NAME).read_text("utf-8"))["port"])
    return port, probe("127.0.0.1", port)


def first_missing(path: Path) -> Path | None:
    """The outermost of ``path`` and its parents that does not exist yet: what creating
    ``path`` would make (and a failed start may remove); None if ``path`` exists."""
    missing = None
    for candidate in (path, *path.parents):
        if candidate.exists():
            break
        missing = candidate
    return missing


def mine_runs_on(data_dir: Path, port: int) -> bool:
    """Whether the companion answering on ``port`` serves ``data_dir`` (its server.json
    names that port and its /health the data dir's fingerprint)."""
    from .secrets_store import data_dir_fingerprint

    try:
        info = json.loads((data_dir / SERVER_INFO_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(info, dict) or info.get("port") != port or not info.get("pid"):
        return False
    health = probe("127.0.0.1", port)
    mine = data_dir_fingerprint(data_dir, create=False)
    return bool(health and mine and health.get("data_dir_id") == mine)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
