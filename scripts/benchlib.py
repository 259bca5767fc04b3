"""What the benchmarks share: a real companion on 127.0.0.1 to time requests against."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TOKEN = "bench-token"


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:  # ended meanwhile
        pass
    return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in task.read_text().split()]
    return found


def _tree(pid: int) -> list[int]:
    todo, found = [pid], []
    while todo:
        p = todo.pop()
        found.append(p)
        todo += _children(p)
    return found


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system, from /proc) of ``pid`` and every process under it."""
    total = 0
    for p in _tree(pid):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def settle(pid: int, quiet_s: float = 0.5, limit_s: float = 30.0) -> float:
    """Wait until ``pid`` and its children have used no CPU for ``quiet_s`` (a server's
    warm-up done), at most ``limit_s``; the seconds waited."""
    began = time.perf_counter()
    last = cpu_s(pid)
    while time.perf_counter() - began < limit_s:
        time.sleep(quiet_s)
        now = cpu_s(pid)
        if now - last < 0.05:
            break
        last = now
    return time.perf_counter() - began


def rss_mb(pid: int, tree: bool = True) -> float:
    """Resident memory (VmRSS, from /proc; Linux) of ``pid`` and every process under it
    (a companion and its analysis workers; ``tree=False``: ``pid`` alone), in MB. Pages
    the processes share (the libraries' code) count once per process here: ``pss_mb``."""
    return sum(_rss_kb(p) for p in (_tree(pid) if tree else [pid])) / 1024


def pss_mb(pid: int) -> float:
    """Proportional set size (Pss, from /proc/PID/smaps_rollup; Linux) of ``pid`` and every
    process under it, in MB: each shared page split between the processes that map it,
    so the sum is the memory the companion really holds."""
    total = 0
    for p in _tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
    return total / 1024


def forget_texts() -> None:
    """Empty the caches keyed by whole texts (what a running companion never hits: the
    extension sends each comment once); caches keyed by words stay warm, as they do."""
    from model import lemmas, normalize, persona_features, tone

    for cached in (normalize.normalize, lemmas.word_lemmas, tone.lemma_ngrams,
                   persona_features.text_cues):
        cached.cache_clear()


class Companion:
    """A connection to a companion on ``port``, with the headers it requires."""

    def __init__(self, port: int, token: str = TOKEN) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Content-Type": "application/json", "Host": f"127.0.0.1:{port}",
                        "Authorization": f"Bearer {token}"}

    def post(self, path: str, payload: dict) -> float:
        """POST ``payload`` as JSON; seconds until the whole answer; exits unless 200."""
        body = json.dumps(payload)
        t0 = time.perf_counter()
        self.conn.request("POST", path, body=body, headers=self.headers)
        resp = self.conn.getresponse()
        answer = resp.read()
        elapsed = time.perf_counter() - t0
        if resp.status != 200:
            sys.exit(f"POST {path} answered {resp.status}: {answer[:300]!r}")
        return elapsed

    def analyze(self, texts: list[str], tag: str) -> float:
        """POST /api/v1/analyze with ``texts`` as a thread (``thread_of``); seconds."""
        return self.post("/api/v1/analyze", {"comments": thread_of(texts, tag)})


def thread_of(texts: list[str], tag: str) -> list[dict]:
    """Comments as a thread sends them: a few authors write several."""
    return [
        {"id": f"{tag}c{i}", "text": t, "author": f"u{i % 70}",
         "posted_at": f"2026-11-22T10:{i % 60:02d}:00Z"}
        for i, t in enumerate(texts)
    ]


@contextmanager
def companion() -> Iterator[Companion]:
    """A real waitress server on a free loopback port with a temporary data dir."""
    from companion.app import create_app
    from companion.server import free_port, make_server

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        app = create_app({"DATA_DIR": Path(tmp), "PORT": port, "TOKEN": TOKEN})
        server = make_server(app, "127.0.0.1", port, threads=4)
        threading.Thread(target=server.run, daemon=True).start()
        client = Companion(port)
        try:
            yield client
        finally:
            client.conn.close()
            time.sleep(0.2)  # let waitress finish the channel before its trigger closes
            server.close()


def run_threads(threads: list[threading.Thread]) -> float:
    """Start ``threads`` together, wait for all; the wall seconds they took."""
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - began


def latency_ms(latencies: list[float]) -> dict:
    """``{"p50_ms", "p99_ms"}`` of request times in seconds."""
    ordered = sorted(latencies)
    return {"p50_ms": ordered[len(ordered) // 2] * 1000 if ordered else float("nan"),
            "p99_ms": ordered[int(0.99 * (len(ordered) - 1))] * 1000 if ordered else float("nan")}
