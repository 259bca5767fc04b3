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
import sqlite3

from .errors import ApiError
from .validation import get, now_utc, timestamp

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
    from .events_store import MAX_ID, MAX_TEXT, TONES  # the limits of every event

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
        "operator": get(data, "operator", str, **id_opt),
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


def store_followup(db: sqlite3.Connection, uuid: str, platform: str, comment_id: str,
                   f: dict) -> None:
    """Store one follow-up inside the caller's transaction, then relink its thread."""
    from .events_store import upsert_comment

    tone, gratitude = _analyse(f["text"], f["tone"], f["gratitude"])
    db.execute(
        """
        INSERT INTO followups (event_uuid, platform, comment_id, answered_comment_id,
            author_id, author_name, text, posted_at, seen_at, tone, gratitude, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (platform, comment_id) DO UPDATE SET
            author_id = COALESCE(followups.author_id, excluded.author_id),
            author_name = COALESCE(followups.author_name, excluded.author_name),
            posted_at = COALESCE(followups.posted_at, excluded.posted_at),
            seen_at = MIN(followups.seen_at, excluded.seen_at)
        """,
        (uuid, platform, comment_id, f["answered_comment_id"], f["author_id"],
         f["author_name"], f["text"], f["posted_at"], f["seen_at"], tone, int(gratitude),
         now_utc()),
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
        "UPDATE comments SET tone = COALESCE(tone, ?), gratitude = COALESCE(gratitude, ?) "
        "WHERE platform = ? AND comment_id = ?",
        (tone, int(gratitude), platform, comment_id),
    )
    answered = db.execute(
        "SELECT answered_comment_id FROM followups WHERE platform = ? AND comment_id = ?",
        (platform, comment_id),
    ).fetchone()[0]
    relink(db, platform, answered)


def reply_stored(db: sqlite3.Connection, reply_id: int, platform: str, comment_id: str,
                 coach: dict | None) -> None:
    """A reply was stored (inside the caller's transaction): keep its coach verdict and
    relink the follow-ups of the comment it answers."""
    if coach is not None:
        db.execute(
            "INSERT OR REPLACE INTO reply_coach (reply_id, score, met, total, unmet) "
            "VALUES (?, ?, ?, ?, ?)",
            (reply_id, coach["score"], coach["met"], coach["total"],
             json.dumps(coach["unmet"], ensure_ascii=False)),
        )
    relink(db, platform, comment_id)


def relink(db: sqlite3.Connection, platform: str, answered_comment_id: str) -> None:
    """Link every follow-up of ``answered_comment_id`` to the reply it follows, and
    recompute the outcomes of the replies whose links changed."""
    followups = db.execute(
        "SELECT id, COALESCE(posted_at, seen_at) AS at, seen_at, reply_id FROM followups "
        "WHERE platform = ? AND answered_comment_id = ?",
        (platform, answered_comment_id),
    ).fetchall()
    if not followups:
        return
    replies = db.execute(
        "SELECT id, reply_sent_at FROM replies WHERE platform = ? AND comment_id = ? "
        "ORDER BY reply_sent_at, id",
        (platform, answered_comment_id),
    ).fetchall()
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
            db.execute("UPDATE followups SET reply_id = ? WHERE id = ?", (follows, f["id"]))
            changed.update(x for x in (follows, f["reply_id"]) if x is not None)
    for reply_id in changed:
        _outcome(db, reply_id)


def _outcome(db: sqlite3.Connection, reply_id: int) -> None:
    rows = db.execute(
        "SELECT tone, gratitude, COALESCE(posted_at, seen_at) AS at FROM followups "
        "WHERE reply_id = ? ORDER BY at, id",
        (reply_id,),
    ).fetchall()
    if not rows:
        db.execute("DELETE FROM reply_outcomes WHERE reply_id = ?", (reply_id,))
        return
    if any(r["gratitude"] for r in rows):
        outcome = "thanked"
    else:
        last = rows[-1]["tone"]
        outcome = "still_negative" if last == "negative" else (last or "neutral")
    db.execute(
        "INSERT OR REPLACE INTO reply_outcomes "
        "(reply_id, outcome, followups, first_followup_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        (reply_id, outcome, len(rows), rows[0]["at"], now_utc()),
    )
