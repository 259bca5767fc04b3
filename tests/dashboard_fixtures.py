"""Seeded replies for the dashboard tests, stored the way the extension's events are.

Week of Monday 2026-11-16, team time Europe/Moscow (UTC+3), schedule Mon–Fri 09–18.
Response times (seconds) by reply, hand-computed:

  #  operator platform  posted (MSK)        wall      working  score  tone/persona
  1  Анна     vk        Mon 16 10:00        300       300      0.90   negative/aggressor
  2  Анна     vk        Mon 16 11:00        1200      1200     0.20   positive (thanks)
  3  Анна     vk        Tue 17 12:00        2700      2700     0.80   neutral
  4  Анна     vk        Tue 17 13:00        7200      7200     —      negative
  5  Борис    facebook  Wed 18 15:00        600       600      0.75   positive
  6  Борис    facebook  Fri 20 17:30→Mon    230400    3600     0.10   negative/aggressor
  7  Борис    facebook  Thu 19 09:00        18000     18000    —      neutral
  8  Борис    facebook  (unknown)           —         —        —      —

All timed: sorted 300 600 1200 2700 7200 18000 230400 → median 2700, p90 102960,
mean 37200, within 20 min 3/7, buckets 3/1/1/1/1.
Working hours: 300 600 1200 2700 3600 7200 18000 → median 2700, p90 11520, mean 4800.
Template share at 0.75: replies 1, 3, 5 of the 5 scored → 60 %.
"""

from __future__ import annotations

from store_db import connect

from companion.storage import events as events_store
from companion.storage import settings as settings_store

SEED = [
    # (operator, platform, posted UTC or None, sent UTC, draft, tone, persona, gratitude, text)
    (
        "Анна",
        "vk",
        "2026-11-16T07:00:00Z",
        "2026-11-16T07:05:00Z",
        {"score": 0.9, "level": "high", "nearest_id": "t1", "cliches": ["в настоящее время"]},
        "negative",
        "aggressor",
        False,
        "В настоящее время проблема решается.",
    ),
    (
        "Анна",
        "vk",
        "2026-11-16T08:00:00Z",
        "2026-11-16T08:20:00Z",
        {"score": 0.2, "level": "ok", "cliches": []},
        "positive",
        "positive",
        True,
        "Спасибо, что вы с нами! Ваш позитив нас заряжает)",
    ),
    (
        "Анна",
        "vk",
        "2026-11-17T09:00:00Z",
        "2026-11-17T09:45:00Z",
        {
            "score": 0.8,
            "level": "high",
            "nearest_id": "t1",
            "cliches": ["данный", "в настоящее время"],
        },
        "neutral",
        "unsure",
        False,
        "Данный вопрос в настоящее время решается.",
    ),
    (
        "Анна",
        "vk",
        "2026-11-17T10:00:00Z",
        "2026-11-17T12:00:00Z",
        None,
        "negative",
        "expert",
        False,
        'Спасибо, что написали! Проверим "роутер",\nи вернёмся',
    ),
    (
        "Борис",
        "facebook",
        "2026-11-18T12:00:00Z",
        "2026-11-18T12:10:00Z",
        {"score": 0.75, "level": "high", "nearest_id": "t2", "cliches": []},
        "positive",
        "talker",
        False,
        "Здорово, что вы это заметили.",
    ),
    (
        "Борис",
        "facebook",
        "2026-11-20T14:30:00Z",
        "2026-11-23T06:30:00Z",
        {"score": 0.1, "level": "ok", "cliches": []},
        "negative",
        "aggressor",
        False,
        "Мы вас услышали: сегодня решим и напишем.",
    ),
    (
        "Борис",
        "facebook",
        "2026-11-19T06:00:00Z",
        "2026-11-19T11:00:00Z",
        None,
        "neutral",
        "none",
        False,
        "=SUM(A1) — не формула, а текст",
    ),
    (
        "Борис",
        "facebook",
        None,
        "2026-11-19T10:00:00Z",
        None,
        None,
        None,
        None,
        "Ответ без времени комментария",
    ),
]

WALL = [300, 1200, 2700, 7200, 600, 230400, 18000, None]
WORK = [300, 1200, 2700, 7200, 600, 3600, 18000, None]
SCHEDULE_JSON = (
    '{"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]], "wed": [["09:00", "18:00"]],'
    ' "thu": [["09:00", "18:00"]], "fri": [["09:00", "18:00"]]}'
)


def events(seed=SEED) -> dict:
    batch = []
    for i, (op, platform, posted, sent, draft, tone, persona, grat, text) in enumerate(seed, 1):
        event = {
            "uuid": f"seed-{i:04d}-0000",
            "type": "reply_sent",
            "platform": platform,
            "comment_id": f"c{i}",
            "operator": op,
            "text": text,
            "reply_sent_at": sent,
            "comment_text": f"Комментарий №{i}, «с кавычками»",
            "comment_author_name": f"Клиент {i}",
            "permalink": f"https://vk.com/wall-1_1?reply={i}",
        }
        if posted:
            event["comment_posted_at"] = posted
        if draft:
            event["draft"] = draft
        if tone:
            event["tone"] = tone
        if persona:
            event["persona"] = persona
        if grat is not None:
            event["gratitude"] = grat
        batch.append(event)
    return {"events": batch}


def seed(database: str, with_settings: bool = True) -> list[int]:
    """Store the seed through the events store; returns the replies' ids in seed order."""
    db = connect(database)
    try:
        events_store.store(db, events_store.parse_batch(events()))
        if with_settings:
            settings_store.write(db, {
                "timezone": "Europe/Moscow",
                "schedule": SCHEDULE_JSON,
                "target_minutes": "20",
                "template_threshold": "0.75",
            }, "dashboard.")
            db.execute("DELETE FROM templates WHERE id = 't1'")
            db.execute(
                "INSERT INTO templates (id, text, source, created_at, updated_at) "
                "VALUES ('t1', 'Данный вопрос в настоящее время решается.', 'import', "
                "'2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')"
            )
        return [r[0] for r in db.execute("SELECT id FROM replies ORDER BY event_uuid")]
    finally:
        db.close()


WEEK_ARGS = {"from": "2026-11-16", "to": "2026-11-23"}
