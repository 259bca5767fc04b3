"""Team mode benchmark: one PostgreSQL store for many companions; prints a table.

    python scripts/bench_team.py [--store postgresql://…] [--companions 16]
        [--events 150] [--replies 1000000] [--sqlite-replies 100000] [--runs 5]

1. Writers: ``--companions`` real ``otklik serve --store URL`` processes on 127.0.0.1,
   each with its own data dir, and one writer per companion (16 operators' companions
   writing at once) posting ``--events`` single-event ``POST /api/v1/events`` requests
   on a keep-alive connection. Prints events/s over all of them, p50/p99 latency, and
   checks that the store holds each event exactly once. Then the resident memory
   (VmRSS) of each companion after the stream (models loaded by the warm-up).
2. Dashboard: ``--replies`` replies written straight into a fresh PostgreSQL database
   (the rows ``events`` would store, spread over a year; VACUUM ANALYZE as autovacuum
   would), then the overview page timed (median of ``--runs``) for its default range
   (the latest 30 days) and for the whole year; the same for ``--sqlite-replies`` in an
   SQLite file (the single-operator default).

Without ``--store`` a throwaway PostgreSQL cluster is started (tests/pg_cluster.py:
Debian's server binaries, a temp dir, a free port) and removed at the end. Timings on
a shared machine are noisy: run twice and read both.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from benchlib import latency_ms, run_threads  # noqa: E402

from companion import login, secrets_store  # noqa: E402
from companion.server import free_port, probe  # noqa: E402
from companion.storage import make_engine  # noqa: E402
from companion.storage.engine import sqlite_url  # noqa: E402
from companion.storage.migrate import migrate  # noqa: E402
from companion.storage.schema import replies  # noqa: E402

OPERATORS = [f"Оператор {i:02d}" for i in range(1, 31)]
START = datetime(2025, 12, 1, tzinfo=UTC)
DAYS = 365
MAX_SECONDS = 300


def fmt(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- 1. sixteen companions writing at once -------------------------------------------------


def start_companion(data_dir: Path, store: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    data_dir.mkdir(parents=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "companion", "--data-dir", str(data_dir), "serve", "--port",
         str(port), "--no-browser", "--store", store],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, cwd=ROOT,
    )
    return proc, port


def wait_up(proc: subprocess.Popen, port: int) -> None:
    began = time.monotonic()
    while probe("127.0.0.1", port, timeout=0.5) is None:
        if proc.poll() is not None or time.monotonic() - began > 180:
            raise SystemExit("a companion did not start")
        time.sleep(0.1)


def event(operator: str) -> dict:
    sent = START + timedelta(seconds=random.randrange(DAYS * 86400))
    return {
        "uuid": str(uuid.uuid4()), "type": "reply_sent", "platform": "vk",
        "comment_id": f"-1_{uuid.uuid4().int % 10**12}", "operator": operator,
        "text": "Спасибо, что написали! Проверили линию — авария устранена.",
        "reply_sent_at": fmt(sent), "comment_posted_at": fmt(sent - timedelta(minutes=12)),
        "draft": {"score": 0.12, "level": "ok", "cliches": []},
    }


def writer(port: int, token: str, operator: str, count: int, latencies: list[float],
           sent: list[str], deadline: float) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for _ in range(count):
        if time.perf_counter() > deadline:
            break
        e = event(operator)
        t0 = time.perf_counter()
        conn.request("POST", "/api/v1/events", body=json.dumps({"events": [e]}), headers=headers)
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - t0)
        if response.status != 200:
            raise SystemExit(f"/events answered {response.status}")
        sent.append(e["uuid"])
    conn.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def writers(store: str, companions: int, events: int, tmp: Path) -> dict:
    procs = [start_companion(tmp / f"op{i:02d}", store) for i in range(companions)]
    try:
        for proc, port in procs:
            wait_up(proc, port)
        time.sleep(20)  # the warm-ups (models, draft index) done before the stream
        latencies: list[float] = []
        sent: list[str] = []
        deadline = time.perf_counter() + MAX_SECONDS
        threads = [
            threading.Thread(target=writer, args=(
                port, secrets_store.token(tmp / f"op{i:02d}"), OPERATORS[i % len(OPERATORS)],
                events, latencies, sent, deadline))
            for i, (_proc, port) in enumerate(procs)
        ]
        elapsed = run_threads(threads)
        rss = [rss_mb(proc.pid) for proc, _ in procs]
    finally:
        for proc, _ in procs:
            proc.terminate()
        for proc, _ in procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    engine = make_engine(store)
    with engine.connect() as db:
        from sqlalchemy import func, select

        stored = db.execute(select(func.count()).select_from(replies)
                            .where(replies.c.event_uuid.in_(sent))).scalar()
    engine.dispose()
    return {
        "events": len(latencies), "seconds": elapsed, "eps": len(latencies) / elapsed,
        **latency_ms(latencies),
        "stored": stored, "rss_median": statistics.median(rss), "rss_max": max(rss),
    }


# --- 2. the overview over many stored replies ------------------------------------------------


def reply_rows(n: int, rng: random.Random):
    """Rows as the event store leaves them: one reply in ten a follow-up."""
    for i in range(n):
        day = rng.randrange(DAYS)
        posted = START + timedelta(days=day, hours=min(23, max(0, int(rng.gauss(11, 4)))),
                                   minutes=rng.randrange(60))
        delay = rng.lognormvariate(7.0, 1.3)
        sent = posted + timedelta(seconds=delay)
        follow = rng.random() < 0.1
        score = rng.random()
        yield {
            "event_uuid": f"b{i:09d}", "platform": "vk" if rng.random() < 0.7 else "facebook",
            "comment_id": f"c{i}", "operator": rng.choice(OPERATORS[:16]),
            "text": f"Ответ номер {i}: спасибо, что написали, разберёмся.",
            "comment_posted_at": fmt(posted), "first_seen_at": fmt(posted),
            "reply_sent_at": fmt(sent), "response_seconds": delay,
            "draft_score": round(score, 3), "draft_level": "high" if score > 0.75 else "ok",
            "draft_nearest_id": f"t{rng.randrange(20)}" if score > 0.5 else None,
            "draft_cliches": "[]", "tone": rng.choice(["negative", "neutral", "positive"]),
            "persona": rng.choice(["unsure", "talker", "positive", "aggressor", "expert", "none"]),
            "gratitude": int(rng.random() < 0.04), "created_at": fmt(sent),
            "first_response": 0 if follow else 1,
            "since_previous_seconds": delay / 2 if follow else None,
        }


def fill(url: str, n: int) -> float:
    engine = make_engine(url)
    migrate(engine)
    began = time.perf_counter()
    rows = reply_rows(n, random.Random(20261130))
    with engine.begin() as db:
        chunk: list[dict] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == 20_000:
                db.execute(replies.insert(), chunk)
                chunk = []
        if chunk:
            db.execute(replies.insert(), chunk)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            from sqlalchemy import text

            db.execute(text("VACUUM ANALYZE replies"))
    engine.dispose()
    return time.perf_counter() - began


def overview_times(url: str, data_dir: Path, runs: int) -> dict:
    from companion.app import create_app
    from companion.storage.per_request import engine_of

    app = create_app({"DATA_DIR": data_dir, "PORT": 8765, "STORE": url})
    client = app.test_client()
    base = "http://127.0.0.1:8765"
    with client.session_transaction(base_url=base) as session:
        session[login.SESSION_KEY] = login.session_value(app)
    out = {}
    for label, path in (("latest 30 days", "/"),
                        ("the whole year", "/?from=2025-12-01&to=2026-12-01")):
        client.get(path, base_url=base)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            response = client.get(path, base_url=base)
            times.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
        out[label] = (statistics.median(times), max(times))
    engine_of(app).dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a PostgreSQL URL (default: a throwaway cluster)")
    parser.add_argument("--companions", type=int, default=16)
    parser.add_argument("--events", type=int, default=150, help="requests per writer")
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--sqlite-replies", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-writers", action="store_true")
    parser.add_argument("--skip-overview", action="store_true")
    args = parser.parse_args()
    cluster = None
    if args.store:
        store, dash_store = args.store, args.store
    else:
        from pg_cluster import start_cluster

        cluster = start_cluster()
        store = cluster.url(cluster.create_database())
        dash_store = cluster.url(cluster.create_database())
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            if not args.skip_writers:
                w = writers(store, args.companions, args.events, tmp / "writers")
                print(f"| {args.companions} companions (otklik serve --store postgresql) "
                      f"writing at once | value |")
                print("|---|---|")
                print(f"| events stored (1 per request) | {w['events']} in {w['seconds']:.1f} s"
                      f" ({w['stored']} found in the store, once each) |")
                print(f"| events/s, all writers | {w['eps']:.0f} |")
                print(f"| latency p50 / p99 | {w['p50_ms']:.0f} / {w['p99_ms']:.0f} ms |")
                print(f"| RSS per companion, median / max | {w['rss_median']:.0f} / "
                      f"{w['rss_max']:.0f} MB |")
                print()
            if not args.skip_overview:
                print("| overview page (median of runs, worst) | stored replies | range | "
                      "seconds |")
                print("|---|---|---|---|")
                for engine_name, url, n, folder in (
                    ("PostgreSQL", dash_store, args.replies, tmp / "dash-pg"),
                    ("SQLite", sqlite_url(tmp / "dash-sqlite" / "otklik.db"),
                     args.sqlite_replies, tmp / "dash-sqlite"),
                ):
                    folder.mkdir(parents=True, exist_ok=True)
                    took = fill(url, n)
                    for label, (median, worst) in overview_times(url, folder, args.runs).items():
                        print(f"| {engine_name} | {n:,} (filled in {took:.0f} s) | {label} | "
                              f"{median:.2f} ({worst:.2f}) |")
    finally:
        if cluster is not None:
            from pg_cluster import remove_cluster

            remove_cluster(cluster)


if __name__ == "__main__":
    main()
