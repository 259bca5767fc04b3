"""Benchmark of the companion's HTTP API on loopback; prints a table.

    python scripts/bench_api.py [--requests 2000] [--batch 1] [--workers N]

Starts a real `otklik serve` in a subprocess with a fresh data dir, measures the cold
start to the first healthy answer, then requests per second and p50/p99 latency of
POST /api/v1/events with 1, 4 and 16 concurrent clients (keep-alive connections).
Then, on a second server with the default 8 threads, once its warm-up is over (no CPU
used for half a second), GET /api/v1/health latency (a new connection each, as the
extension's probe) while eight clients keep 500-comment POST /api/v1/analyze calls
running (--load-seconds; the extension gives health 3 s), with POST /api/v1/events
latency meanwhile, the time of those calls and the resident memory (VmRSS, from /proc)
of the server and its analysis workers together, idle and at the peak under that load.
--workers is passed to `otklik serve` (0: analysis in the server's threads; default:
its own).
Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchlib import rss_mb, settle  # noqa: E402

from companion import secrets_store  # noqa: E402
from companion.server import free_port, probe  # noqa: E402

MAX_SECONDS = 60
LOG = subprocess.DEVNULL  # the servers' output (--log FILE keeps it)
WORKERS: list[str] = []  # ["--workers", N] when given


def start(data_dir: Path, port: int, threads: int = 16) -> tuple[subprocess.Popen, float]:
    began = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "companion",
            "--data-dir",
            str(data_dir),
            "serve",
            "--port",
            str(port),
            "--threads",
            str(threads),
            "--no-browser",  # a fresh data dir would otherwise open the dashboard
            *WORKERS,
        ],
        stdout=LOG,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    while probe("127.0.0.1", port, timeout=0.2) is None:
        if proc.poll() is not None or time.perf_counter() - began > 30:
            raise SystemExit("the companion did not start")
        time.sleep(0.005)
    return proc, time.perf_counter() - began


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, and SIGKILL if the server has not gone in 10 s: never left running."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise SystemExit("the companion did not stop within 10 s of SIGTERM") from None


def event(operator: str) -> dict:
    return {
        "uuid": str(uuid.uuid4()),
        "type": "reply_sent",
        "platform": "vk",
        "comment_id": f"-1_{uuid.uuid4().int % 10**9}",
        "operator": operator,
        "text": "Спасибо, что написали! Проверили линию — авария устранена, "
        "интернет уже должен работать.",
        "reply_sent_at": "2026-11-22T10:15:00Z",
        "comment_posted_at": "2026-11-22T10:00:00Z",
        "draft": {"score": 0.12, "level": "ok", "cliches": []},
    }


def client(
    port: int, token: str, count: int, batch: int, latencies: list[float], deadline: float
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for _ in range(count):
        if time.perf_counter() > deadline:
            break
        body = json.dumps({"events": [event("bench") for _ in range(batch)]})
        t0 = time.perf_counter()
        conn.request("POST", "/api/v1/events", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - t0)
        if response.status != 200:
            raise SystemExit(f"unexpected status {response.status}")
    conn.close()


def run(port: int, token: str, clients: int, total: int, batch: int) -> dict:
    latencies: list[float] = []
    deadline = time.perf_counter() + MAX_SECONDS
    threads = [
        threading.Thread(
            target=client, args=(port, token, total // clients, batch, latencies, deadline)
        )
        for _ in range(clients)
    ]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "clients": clients,
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(0.99 * (len(latencies) - 1))] * 1000,
    }


def analyze_loop(port: int, token: str, n: int, stop: threading.Event, done: list[float]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    round_ = 0
    while not stop.is_set():
        # Distinct texts every call, so no cache shortens the work.
        comments = [
            {"id": i, "text": f"Третий день нет интернета, договор {n}-{round_}-{i}. " * 4}
            for i in range(500)
        ]
        t0 = time.perf_counter()
        conn.request("POST", "/api/v1/analyze", body=json.dumps({"comments": comments}),
                     headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"/analyze: unexpected status {response.status}")
        done.append(time.perf_counter() - t0)
        round_ += 1
    conn.close()


def health_under_load(token: str, data_dir: Path, seconds: float) -> dict:
    port = free_port()
    proc, _ = start(data_dir, port, threads=8)
    # The load starts once the warm-up is over (models, draft index, calendar: seconds
    # of start-up work that is not what this measures).
    settle(proc.pid)
    idle_mb = rss_mb(proc.pid)
    peak_mb = idle_mb
    halt = threading.Event()
    analyzed: list[float] = []
    workers = [
        threading.Thread(target=analyze_loop, args=(port, token, n, halt, analyzed))
        for n in range(8)
    ]
    latencies: list[float] = []
    events: list[float] = []
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        for w in workers:
            w.start()
        time.sleep(1.0)  # the eight calls are in
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            t0 = time.perf_counter()
            conn.request("GET", "/api/v1/health", headers={"Host": f"127.0.0.1:{port}"})
            conn.getresponse().read()
            latencies.append(time.perf_counter() - t0)
            # ...and an event stored meanwhile (the outbox does not wait for analysis)
            t0 = time.perf_counter()
            conn.request("POST", "/api/v1/events", headers=headers,
                         body=json.dumps({"events": [event("bench")]}))
            conn.getresponse().read()
            events.append(time.perf_counter() - t0)
            conn.close()
            peak_mb = max(peak_mb, rss_mb(proc.pid))
            time.sleep(0.05)
    finally:
        halt.set()
        for w in workers:
            w.join(120)
        stop(proc)
    latencies.sort()
    events.sort()
    return {
        "events_p50_ms": statistics.median(events) * 1000,
        "events_p99_ms": events[int(0.99 * (len(events) - 1))] * 1000,
        "probes": len(latencies),
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(0.99 * (len(latencies) - 1))] * 1000,
        "max_ms": latencies[-1] * 1000,
        "analyze_calls": len(analyzed),
        "analyze_median_s": statistics.median(analyzed) if analyzed else float("nan"),
        "idle_mb": idle_mb,
        "peak_mb": peak_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per row")
    parser.add_argument("--batch", type=int, default=1, help="events per request")
    parser.add_argument(
        "--load-seconds", type=float, default=20, help="health probing under /analyze load"
    )
    parser.add_argument("--log", type=Path, help="write the servers' output here")
    parser.add_argument("--workers", type=int, help="`otklik serve --workers N`")
    args = parser.parse_args()
    global LOG
    if args.log:
        LOG = args.log.open("w")
    if args.workers is not None:
        WORKERS[:] = ["--workers", str(args.workers)]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        token = secrets_store.token(data_dir)
        port = free_port()
        proc, cold = start(data_dir, port)
        try:
            run(port, token, 1, 50, args.batch)  # warm-up
            rows = [run(port, token, n, args.requests, args.batch) for n in (1, 4, 16)]
        finally:
            stop(proc)
        health = health_under_load(token, data_dir, args.load_seconds)
    print(f"cold start to first healthy answer: {cold * 1000:.0f} ms\n")
    print(f"POST /api/v1/events, {args.batch} event(s) per request, loopback")
    print(f"| {'clients':>7} | {'requests':>8} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} |")
    print(f"|{'-' * 9}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    for r in rows:
        print(
            f"| {r['clients']:>7} | {r['requests']:>8} | {r['rps']:>7.0f} | "
            f"{r['p50_ms']:>7.2f} | {r['p99_ms']:>7.2f} |"
        )
    workers = args.workers if args.workers is not None else "default"
    print(
        "\nGET /api/v1/health while 8 clients keep 500-comment POST /analyze calls running "
        f"(8 server threads, analysis workers: {workers}); RSS of server + workers"
    )
    print(f"| {'probes':>6} | {'p50 ms':>7} | {'p99 ms':>7} | {'max ms':>7} | "
          f"{'analyze calls':>13} | {'analyze median s':>16} | {'RSS idle MB':>11} | "
          f"{'RSS peak MB':>11} |")
    print(f"|{'-' * 8}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 15}|{'-' * 18}|{'-' * 13}|"
          f"{'-' * 13}|")
    h = health
    print(f"| {h['probes']:>6} | {h['p50_ms']:>7.1f} | {h['p99_ms']:>7.1f} | "
          f"{h['max_ms']:>7.1f} | {h['analyze_calls']:>13} | {h['analyze_median_s']:>16.2f} | "
          f"{h['idle_mb']:>11.0f} | {h['peak_mb']:>11.0f} |")
    print(f"\nPOST /api/v1/events (1 event) meanwhile: p50 {h['events_p50_ms']:.1f} ms, "
          f"p99 {h['events_p99_ms']:.1f} ms")


if __name__ == "__main__":
    main()
