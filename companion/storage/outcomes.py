"""Reply outcomes: what the customer wrote next in the thread, and what it says.

The extension sends ``customer_followup`` events: a customer's comment that came after
the brand answered an earlier comment of theirs in the same thread
(``answered_comment_id``). Here each follow-up is

- stored once per ``(platform, comment_id)`` (a follow-up seen again fills gaps only);
- stored as a comment too: it is the customer's new comment and gets its own first
  response time when someone answers it;
- linked to the reply it follows: the latest reply to ``answered_comment_id`` sent at
  or before the follow-up was posted (when it was first seen, if the page showed no
  time); when the site's coarse time («1 мин.») puts it before every reply, the
  earliest reply sent before it was seen. Events arrive in any order (queues, several
  operators, pages reopened days later), so links are recomputed from the stored rows
  whenever a follow-up or a reply to that comment arrives; the result does not depend
  on the order.

Each reply's outcome (``reply_outcomes``) is recomputed with its links:

==================  =============================================================
``thanked``         a follow-up thanks the brand (``model.gratitude``)
``positive``        else the latest follow-up's tone is positive
``neutral``         … neutral
``still_negative``  … negative
``no_followup``     no follow-up seen (no row in ``reply_outcomes``)
==================  =============================================================

The reply coach's verdict on the sent draft (``draft.coach`` of a ``reply_sent``
event: score and unmet item keys) is kept in ``reply_coach`` for the dashboard.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, delete, text, update

from ..errors import ApiError
from ..validation import get, now_utc, person_name, timestamp
from .dialect import upsert
from .schema import followups as followups_t
from .schema import reply_coach, reply_outcomes

__all__ = [
    "OUTCOMES",
    "parse_coach",
    "parse_followup",
    "relink",
    "reply_stored",
    "store_followup",
]

OUTCOMES = ("thanked", "positive", "neutral", "still_negative", "no_followup")
MAX_COACH_ITEMS = 50


def parse_followup(data: dict, path: str) -> dict:
    """The fields of a ``customer_followup`` event; 400 naming ``path.field`` if bad."""
    from .events import MAX_ID, MAX_TEXT, TONES  # the limits of every event

    text = get(data, "text", str, path=path, max_len=MAX_TEXT)
    if not text.strip():
        raise ApiError(400, f"{path}.text must not be empty", f"{path}.text")
    answered = get(data, "answered_comment_id", str, path=path, max_len=MAX_ID)
    if not answered.strip():
        raise ApiError(400, f"{path}.answered_comment_id must not be empty",
                       f"{path}.answered_comment_id")
    id_opt = {"path": path, "required": False, "max_len": MAX_ID}
    return {
        "permalink": get(data, "permalink", str, path=path, required=False, max_len=2000),
        "answered_comment_id": answered,
        "author_id": get(data, "author_id", str, **id_opt),
        "author_name": get(data, "author_name", str, **id_opt),
        "text": text,
        "posted_at": timestamp(data, "posted_at", path=path, required=False),
        "seen_at": timestamp(data, "seen_at", path=path),
        "operator": person_name(get(data, "operator", str, **id_opt)),
        "tone": get(data, "tone", str, path=path, required=False, choices=TONES),
        "gratitude": get(data, "gratitude", bool, path=path, required=False),
    }


def parse_coach(raw: dict, path: str) -> dict | None:
    """``draft.coach`` of a ``reply_sent`` event: ``{"score", "met", "total", "unmet"}``."""
    coach = get(raw, "coach", dict, path=path, required=False)
    if coach is None:
        return None
    p = f"{path}.coach"
    score = get(coach, "score", (int, float), path=p)
    if not 0 <= score <= 1:
        raise ApiError(400, f"{p}.score must be between 0 and 1", f"{p}.score")
    unmet = get(coach, "unmet", list, path=p, required=False, max_items=MAX_COACH_ITEMS,
                default=[])
    for i, item in enumerate(unmet):
        if not isinstance(item, str) or not item or len(item) > 100:
            raise ApiError(400, f"{p}.unmet[{i}] must be an item key", f"{p}.unmet[{i}]")
    met = get(coach, "met", int, path=p, required=False)
    total = get(coach, "total", int, path=p, required=False)
    if met is not None and met < 0 or total is not None and total < 0:
        raise ApiError(400, f"{p}.met and {p}.total must not be negative", p)
    return {"score": float(score), "met": met, "total": total, "unmet": unmet}


def _analyse(text: str, tone: str | None, gratitude: bool | None) -> tuple[str, bool]:
    """The follow-up's tone and thanks: as the extension sent them, else the models'."""
    from model import gratitude as gratitude_model
    from model import tone as tone_model

    result = None
    if tone is None:
        result = tone_model.predict([text])[0]
        tone = result["label"]
    if gratitude is None:
        gratitude = gratitude_model.is_gratitude(text, tone=result)
    return tone, bool(gratitude)


def store_followup(db: Connection, uuid: str, platform: str, comment_id: str,
                   f: dict) -> None:
    """Store one follow-up inside the caller's transaction, then relink its thread."""
    from .events import upsert_comment

    tone, gratitude = _analyse(f["text"], f["tone"], f["gratitude"])
    db.execute(
        text("""
        INSERT INTO followups (event_uuid, platform, comment_id, answered_comment_id,
            author_id, author_name, text, posted_at, seen_at, tone, gratitude, created_at)
        VALUES (:uuid, :platform, :comment_id, :answered, :author_id, :author_name, :text,
            :posted_at, :seen_at, :tone, :gratitude, :created_at)
        ON CONFLICT (platform, comment_id) DO UPDATE SET
            author_id = COALESCE(followups.author_id, excluded.author_id),
            author_name = COALESCE(followups.author_name, excluded.author_name),
            posted_at = COALESCE(followups.posted_at, excluded.posted_at),
            seen_at = CASE WHEN excluded.seen_at < followups.seen_at
                           THEN excluded.seen_at ELSE followups.seen_at END
        """),
        {"uuid": uuid, "platform": platform, "comment_id": comment_id,
         "answered": f["answered_comment_id"], "author_id": f["author_id"],
         "author_name": f["author_name"], "text": f["text"], "posted_at": f["posted_at"],
         "seen_at": f["seen_at"], "tone": tone, "gratitude": int(gratitude),
         "created_at": now_utc()},
    )
    # The customer's new comment: it waits for an answer like any other.
    upsert_comment(db, platform, comment_id, {
        "permalink": f["permalink"],
        "author_id": f["author_id"],
        "author_name": f["author_name"],
        "text": f["text"],
        "posted_at": f["posted_at"],
        "first_seen_at": f["seen_at"],
        "first_seen_by": f["operator"],
    })
    db.execute(
        text("UPDATE comments SET tone = COALESCE(tone, :tone), "
             "gratitude = COALESCE(gratitude, :gratitude) "
             "WHERE platform = :platform AND comment_id = :comment_id"),
        {"tone": tone, "gratitude": int(gratitude), "platform": platform,
         "comment_id": comment_id},
    )
    answered = db.execute(
        text("SELECT answered_comment_id FROM followups "
             "WHERE platform = :platform AND comment_id = :comment_id"),
        {"platform": platform, "comment_id": comment_id},
    ).scalar_one()
    relink(db, platform, answered)


def reply_stored(db: Connection, reply_id: int, platform: str, comment_id: str,
                 coach: dict | None) -> None:
    """A reply was stored (inside the caller's transaction): keep its coach verdict and
    relink the follow-ups of the comment it answers."""
    if coach is not None:
        upsert(db, reply_coach, {
            "reply_id": reply_id, "score": coach["score"], "met": coach["met"],
            "total": coach["total"], "unmet": json.dumps(coach["unmet"], ensure_ascii=False),
        }, ("reply_id",))
    relink(db, platform, comment_id)


def relink(db: Connection, platform: str, answered_comment_id: str) -> None:
    """Link every follow-up of ``answered_comment_id`` to the reply it follows, and
    recompute the outcomes of the replies whose links changed."""
    where = {"platform": platform, "comment_id": answered_comment_id}
    followups = db.execute(
        text("SELECT id, COALESCE(posted_at, seen_at) AS at, seen_at, reply_id FROM followups "
             "WHERE platform = :platform AND answered_comment_id = :comment_id"),
        where,
    ).mappings().all()
    if not followups:
        return
    replies = db.execute(
        text("SELECT id, reply_sent_at FROM replies "
             "WHERE platform = :platform AND comment_id = :comment_id "
             "ORDER BY reply_sent_at, id"),
        where,
    ).mappings().all()
    changed: set[int] = set()
    for f in followups:
        # The latest reply sent at or before the follow-up was posted (times are UTC ISO
        # strings of one format: they compare as text). Sites print coarse times («1
        # мин.», «2 ч.»), so a follow-up written right after a reply can read as posted
        # before it: then, since the extension saw it after a reply in the thread, the
        # earliest reply sent before it was seen.
        follows = None
        for r in replies:
            if r["reply_sent_at"] <= f["at"]:
                follows = r["id"]
        if follows is None:
            follows = next((r["id"] for r in replies if r["reply_sent_at"] <= f["seen_at"]),
                           None)
        if follows != f["reply_id"]:
            db.execute(update(followups_t).where(followups_t.c.id == f["id"])
                       .values(reply_id=follows))
            changed.update(x for x in (follows, f["reply_id"]) if x is not None)
    for reply_id in sorted(changed):
        _outcome(db, reply_id)


def _outcome(db: Connection, reply_id: int) -> None:
    rows = db.execute(
        text("SELECT tone, gratitude, COALESCE(posted_at, seen_at) AS at FROM followups "
             "WHERE reply_id = :reply_id ORDER BY at, id"),
        {"reply_id": reply_id},
    ).mappings().all()
    if not rows:
        db.execute(delete(reply_outcomes).where(reply_outcomes.c.reply_id == reply_id))
        return
    if any(r["gratitude"] for r in rows):
        outcome = "thanked"
    else:
        last = rows[-1]["tone"]
        outcome = "still_negative" if last == "negative" else (last or "neutral")
    upsert(db, reply_outcomes, {
        "reply_id": reply_id, "outcome": outcome, "followups": len(rows),
        "first_followup_at": rows[0]["at"], "updated_at": now_utc(),
    }, ("reply_id",))
