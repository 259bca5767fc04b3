"""The overview's read from the store: the rows written come back whole, so the figures
over what the store hands the dashboard are the figures over the rows themselves, on
both engines (the store fixture). Guards the fast path: only the columns of
``stats.Reply`` (an index-only scan on PostgreSQL), psycopg's binary format, the
operator list walked over its index."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from companion.dashboard import stats
from companion.storage import dashboard as queries
from companion.storage import make_engine
from companion.storage.migrate import migrate
from companion.storage.schema import replies

OPERATORS = ["Анна", "Борис", "Ёжик", "Zoe", "anna", "Оператор 10", "Оператор 2"]


def fmt(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def seeded_rows(n: int = 3000) -> list[dict]:
    """Replies over six weeks around November 2026, with every kind of gap the figures
    treat specially: unknown comment times, unscored drafts, clichés, no tone, thanks,
    follow-ups, a reply whose clock says it came before the comment."""
    rng = random.Random(2611)
    start = datetime(2026, 10, 20, tzinfo=UTC)
    rows = []
    for i in range(n):
        posted = start + timedelta(seconds=rng.randrange(42 * 86400))
        delay = rng.lognormvariate(7.0, 1.5) if i % 97 else -30.0
        sent = posted + timedelta(seconds=delay)
        follow = rng.random() < 0.15
        score = None if i % 11 == 0 else round(rng.random(), 3)
        rows.append({
            "event_uuid": f"u{i}", "platform": rng.choice(["vk", "facebook"]),
            "comment_id": f"c{i // 2}", "operator": rng.choice(OPERATORS),
            "text": f"Ответ {i}", "comment_posted_at": None if i % 7 == 0 else fmt(posted),
            "reply_sent_at": fmt(sent), "response_seconds": None if i % 7 == 0 else delay,
            "draft_score": score,
            "draft_nearest_id": f"t{rng.randrange(5)}" if score and score > 0.5 else None,
            "draft_cliches": '["будем рады", "ваш запрос"]' if i % 13 == 0 else "[]",
            "tone": None if i % 17 == 0 else rng.choice(stats.TONES),
            "persona": None if i % 19 == 0 else rng.choice(stats.PERSONAS),
            "gratitude": None if i % 23 == 0 else int(rng.random() < 0.1),
            "created_at": fmt(sent), "first_response": 0 if follow else 1,
            "since_previous_seconds": rng.uniform(0, 9000) if follow else None,
        })
    return rows


def _types(rows) -> set[tuple[str, ...]]:
    return {tuple(type(v).__name__ for v in row) for row in rows}


@pytest.mark.parametrize("working_hours", [False, True])
def test_overview_from_the_store_equals_overview_of_the_rows_written(store, working_hours):
    engine = make_engine(store)
    migrate(engine)
    rows = seeded_rows()
    with engine.begin() as db:
        db.execute(replies.insert(), rows)
    schedule = stats.Schedule(exceptions={date(2026, 11, 4): [], date(2026, 11, 3): [(540, 780)]})
    filters = queries.Filters(date(2026, 11, 1), date(2026, 11, 30),
                              working_hours=working_hours)
    lo, hi = queries.utc_bounds(filters.start, filters.end, schedule.tz)
    written = [tuple(r[c] for c in stats.Reply._fields) for r in rows
               if lo <= r["reply_sent_at"] < hi]
    with engine.connect() as db:
        read = queries.fetch_replies(db, filters, schedule.tz)
        operators = queries.operators(db)
    engine.dispose()

    assert 1500 < len(written) < len(rows)
    assert Counter(read) == Counter(written)
    assert _types(read) == _types(written)  # e.g. no Decimal or str where a float was
    # The same rows in the same order give the same figures (ties in the top lists
    # follow row order); the figures are then compared whole.
    read.sort(key=repr)
    written.sort(key=repr)
    got = stats.overview(read, schedule, working_hours=working_hours)
    assert got == stats.overview(written, schedule, working_hours=working_hours)
    assert got.replies == len(written) and got.follow.count > 0 and got.total.timed > 0
    # The operator list: every operator once, in the store's (code point) order.
    assert operators == sorted({r["operator"] for r in rows})
