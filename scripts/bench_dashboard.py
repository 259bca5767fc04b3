"""How fast the trainers' dashboard renders with many stored replies.

Stores N replies (100,000 by default, one in ten a follow-up; fixed seed) through the
events store, the way the extension's events arrive, then times the pages through
Flask's test client and prints a table. The target: the overview over all 100,000
replies in at most 1 s.

    python scripts/bench_dashboard.py [--replies 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion import login  # noqa: E402
from companion.app import create_app  # noqa: E402
from companion.storage import events as events_store  # noqa: E402
from companion.storage import make_engine  # noqa: E402

PORT = 8765
OPERATORS = ["Анна", "Борис", "Вера", "Глеб", "Дарья", "Егор", "Жанна", "Зоя", "Игорь",
             "Кира", "Лев", "Мария"]
TONES = ["negative", "neutral", "positive"]
PERSONAS = ["unsure", "talker", "positive", "aggressor", "expert", "none"]
CLICHES = ["в настоящее время", "данный", "приносим извинения за доставленные неудобства",
           "ваше обращение зарегистрировано", "осуществляется"]
START = datetime(2026, 8, 24, tzinfo=UTC)
DAYS = 91


def fmt(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def make_events(n: int, rng: random.Random):
    previous = None
    for i in range(n):
        if previous and rng.random() < 0.1:
            # A follow-up: the team's next reply to the previous comment, minutes to a
            # day later (one reply in ten, so ~90,000 first responses).
            comment_id, posted, last_sent = previous
            sent = last_sent + timedelta(seconds=rng.lognormvariate(8.0, 1.5))
        else:
            # Comments come mostly in the (Moscow) day; replies take minutes to days.
            day = rng.randrange(DAYS)
            hour = min(23, max(0, int(rng.gauss(11, 4))))
            posted = START + timedelta(days=day, hours=hour, minutes=rng.randrange(60))
            comment_id = f"c{i}"
            sent = posted + timedelta(seconds=rng.lognormvariate(7.0, 1.3))  # median ≈ 18 min
        delay = (sent - posted).total_seconds()
        previous = (comment_id, posted, sent)
        score = rng.random()
        event = {
            "uuid": f"bench-{i:08d}", "type": "reply_sent",
            "platform": "vk" if rng.random() < 0.7 else "facebook",
            "comment_id": comment_id, "operator": rng.choice(OPERATORS),
            "text": f"Ответ номер {i}: спасибо, что написали, разберёмся.",
            "comment_text": f"Комментарий {i}",
            "comment_posted_at": fmt(posted), "reply_sent_at": fmt(sent),
            "first_seen_at": fmt(posted + timedelta(seconds=delay * 0.4)),
            "reply_started_at": fmt(posted + timedelta(seconds=delay * 0.8)),
            "tone": rng.choice(TONES), "persona": rng.choice(PERSONAS),
            "gratitude": rng.random() < 0.04,
            "draft": {"score": round(score, 3), "level": "high" if score > 0.75 else "ok",
                      "nearest_id": f"t{rng.randrange(20)}" if score > 0.5 else None,
                      "cliches": rng.sample(CLICHES, k=rng.choice([0, 0, 0, 1, 2]))},
        }
        if rng.random() < 0.02:
            del event["comment_posted_at"]
        yield event


def seed(url: str, n: int) -> float:
    """Store ``n`` replies in the store at ``url`` through the event store, 500 a batch;
    returns the seconds it took."""
    rng = random.Random(20261122)
    engine = make_engine(url)
    db = engine.connect()
    began = time.perf_counter()
    batch: list[dict] = []
    for event in make_events(n, rng):
        batch.append(event)
        if len(batch) == events_store.MAX_EVENTS:
            events_store.store(db, events_store.parse_batch({"events": batch}))
            batch = []
    if batch:
        events_store.store(db, events_store.parse_batch({"events": batch}))
    db.close()
    engine.dispose()
    return time.perf_counter() - began


def timed(client, path: str, runs: int) -> tuple[float, float, float, int]:
    """Median and worst wall seconds, median CPU seconds of this process, size. On a
    shared machine the wall figure grows with the load; the CPU one much less."""
    client.get(path)  # warm: templates compiled, pages in the OS cache
    times, cpu = [], []
    size = 0
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        assert response.status_code == 200, (path, response.status_code)
        size = len(response.data)
    return statistics.median(times), max(times), statistics.median(cpu), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": Path(tmp), "PORT": PORT})
        seconds = seed(app.config["STORE_URL"], args.replies)
        client = app.test_client()
        base = f"http://127.0.0.1:{PORT}"
        # Signed in as after `otklik dashboard` (the pages need a session).
        with client.session_transaction(base_url=base) as session:
            session[login.SESSION_KEY] = login.session_value(app)
        everything = "from=2026-08-01&to=2026-12-31"
        pages = [
            ("overview, all replies", f"/?{everything}"),
            ("overview, all, working hours", f"/?{everything}&hours=work"),
            ("overview, default 30 days", "/"),
            ("overview, one operator, all", f"/?{everything}&operator=Анна"),
            ("operator page, all", f"/operators/Анна?{everything}"),
            ("weekly review", "/review"),
            ("CSV export, 30 days", "/export.csv"),
            ("templates (discover, latest 5,000)", "/templates"),
        ]
        print(f"{args.replies:,} replies stored through events_store in {seconds:.1f} s "
              f"(median of {args.runs} runs per page, after one warm-up)\n")
        print(f"| {'page':<36} | {'median s':>8} | {'max s':>6} | {'CPU s':>6} | {'KB':>6} |")
        print(f"|{'-' * 38}|{'-' * 10}|{'-' * 8}|{'-' * 8}|{'-' * 8}|")
        for name, path in pages:
            med, worst, cpu, size = timed(client, base + path, args.runs)
            kb = size / 1024
            print(f"| {name:<36} | {med:>8.3f} | {worst:>6.3f} | {cpu:>6.3f} | {kb:>6.0f} |")


if __name__ == "__main__":
    main()
