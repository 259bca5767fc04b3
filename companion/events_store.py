"""Timing events from the extension: validated whole, stored once per UUID.

Timings do not depend on the order events arrive (the extension's outbox delivers out
of order): after every stored event the replies of the comments it touched are timed
again from what is stored (``retime``). The rules:

- a comment's time is the earliest ``posted_at`` any event reported for it;
- its *first response* is the team's earliest reply (by ``reply_sent_at``, ties by the
  event's UUID); later replies to the same comment are *follow-ups*, with the seconds
  since the team's previous reply (``since_previous_seconds``);
- ``response_seconds = reply_sent_at - comment time`` for every reply; None without a
  comment time or when the clocks say the reply came first.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field

from . import hooks, outcomes
from .errors import ApiError
from .validation import get, now_utc, obj, parse_utc, timestamp

MAX_EVENTS = 500
MAX_TEXT = 20_000
MAX_ID = 200
PLATFORMS = ("vk", "facebook")
EVENT_TYPES = ("comment_seen", "reply_sent", "customer_followup")
TONES = ("negative", "neutral", "positive")
PERSONAS = ("unsure", "talker", "positive", "aggressor", "expert", "none")
LEVELS = ("ok", "warn", "high")
_UUID = re.compile(r"^[0-9A-Za-z-]{8,64}$")


@dataclass
class Event:
    uuid: str
    type: str
    platform: str
    comment_id: str
    fields: dict = field(default_factory=dict)


def parse_batch(body: object) -> list[Event]:
    """Check a whole batch; the first problem raises a 400 naming ``events[i].field``."""
    data = obj(body, "")
    events = get(data, "events", list, max_items=MAX_EVENTS)
    return [parse_event(raw, f"events[{i}]") for i, raw in enumerate(events)]


def parse_event(raw: object, path: str) -> Event:
    data = obj(raw, path)
    uuid = get(data, "uuid", str, path=path, max_len=64)
    if not _UUID.match(uuid):
        raise ApiError(400, f"{path}.uuid must be a UUID", f"{path}.uuid")
    kind = get(data, "type", str, path=path, choices=EVENT_TYPES)
    platform = get(data, "platform", str, path=path, choices=PLATFORMS)
    comment_id = get(data, "comment_id", str, path=path, max_len=MAX_ID)
    if not comment_id.strip():
        raise ApiError(400, f"{path}.comment_id must not be empty", f"{path}.comment_id")
    text_opt = {"path": path, "required": False, "max_len": MAX_TEXT}
    id_opt = {"path": path, "required": False, "max_len": MAX_ID}
    at = {"path": path, "platform": platform}  # times are checked against the platform's age
    f: dict = {"permalink": get(data, "permalink", str, path=path, required=False, max_len=2000)}
    if kind == "customer_followup":
        f = outcomes.parse_followup(data, path)
    elif kind == "comment_seen":
        f |= {
            "author_id": get(data, "author_id", str, **id_opt),
            "author_name": get(data, "author_name", str, **id_opt),
            "text": get(data, "text", str, **text_opt),
            "posted_at": timestamp(data, "posted_at", **at, required=False),
            "seen_at": timestamp(data, "seen_at", **at),
            "operator": get(data, "operator", str, **id_opt),
        }
    else:
        f |= {
            "operator": get(data, "operator", str, path=path, max_len=MAX_ID),
            "text": get(data, "text", str, path=path, max_len=MAX_TEXT),
            "reply_sent_at": timestamp(data, "reply_sent_at", **at),
            "reply_started_at": timestamp(data, "reply_started_at", **at, required=False),
            "first_seen_at": timestamp(data, "first_seen_at", **at, required=False),
            "comment_posted_at": timestamp(data, "comment_posted_at", **at, required=False),
            "comment_text": get(data, "comment_text", str, **text_opt),
            "comment_author_id": get(data, "comment_author_id", str, **id_opt),
            "comment_author_name": get(data, "comment_author_name", str, **id_opt),
            "tone": get(data, "tone", str, path=path, required=False, choices=TONES),
            "persona": get(data, "persona", str, path=path, required=False, choices=PERSONAS),
            "gratitude": get(data, "gratitude", bool, path=path, required=False),
            "draft": _parse_draft(data, path),
        }
    return Event(uuid=uuid, type=kind, platform=platform, comment_id=comment_id, fields=f)


def _parse_draft(data: dict, path: str) -> dict | None:
    raw = get(data, "draft", dict, path=path, required=False)
    if raw is None:
        return None
    p = f"{path}.draft"
    score = get(raw, "score", (int, float), path=p, required=False)
    if score is not None and not 0 <= score <= 1:
        raise ApiError(400, f"{p}.score must be between 0 and 1", f"{p}.score")
    cliches = get(raw, "cliches", list, path=p, required=False, max_items=100, default=[])
    for i, item in enumerate(cliches):
        if not isinstance(item, str) or len(item) > 200:
            raise ApiError(400, f"{p}.cliches[{i}] must be a short string", f"{p}.cliches[{i}]")
    return {
        "score": score,
        "level": get(raw, "level", str, path=p, required=False, choices=LEVELS),
        "nearest_id": get(raw, "nearest_id", str, path=p, required=False, max_len=MAX_ID),
        "cliches": cliches,
        "coach": outcomes.parse_coach(raw, p),
    }


def store(db: sqlite3.Connection, events: list[Event]) -> list[dict]:
    """Store a checked batch in one transaction; replayed UUIDs get their first answer."""
    results: list[dict] = []
    stored_replies: list[tuple[int, str]] = []
    touched: set[tuple[str, str]] = set()
    db.execute("BEGIN IMMEDIATE")
    try:
        for event in events:
            row = db.execute("SELECT response FROM events WHERE uuid = ?", (event.uuid,)).fetchone()
            if row is not None:
                results.append(json.loads(row["response"]))
                continue
            if event.type == "customer_followup":
                outcomes.store_followup(db, event.uuid, event.platform, event.comment_id,
                                        event.fields)
            elif event.type == "comment_seen":
                _upsert_comment(
                    db,
                    event.platform,
                    event.comment_id,
                    {
                        "permalink": event.fields["permalink"],
                        "author_id": event.fields["author_id"],
                        "author_name": event.fields["author_name"],
                        "text": event.fields["text"],
                        "posted_at": event.fields["posted_at"],
                        "first_seen_at": event.fields["seen_at"],
                        "first_seen_by": event.fields["operator"],
                    },
                )
            else:
                reply_id = _insert_reply(db, event)
                stored_replies.append((reply_id, event.fields["text"]))
                outcomes.reply_stored(db, reply_id, event.platform, event.comment_id,
                                      (event.fields["draft"] or {}).get("coach"))
            touched.add((event.platform, event.comment_id))
            response = {"uuid": event.uuid, "status": "stored"}
            db.execute(
                "INSERT INTO events (uuid, type, received_at, response) VALUES (?, ?, ?, ?)",
                (event.uuid, event.type, now_utc(), json.dumps(response)),
            )
            results.append(response)
        for platform, comment_id in touched:
            retime(db, platform, comment_id)
        db.execute("COMMIT")
    except BaseException:
        # On a full disk SQLite may have rolled back already; a second ROLLBACK would
        # fail and hide the real fault (which the API answers with 503 «disk full»).
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    for reply_id, text in stored_replies:
        hooks.emit_reply_stored(reply_id, text)
    return results


def _upsert_comment(db: sqlite3.Connection, platform: str, comment_id: str, values: dict) -> None:
    db.execute(
        "INSERT OR IGNORE INTO comments (platform, comment_id) VALUES (?, ?)",
        (platform, comment_id),
    )
    # Keep what we knew; fill the gaps; the first sighting is the earliest one.
    db.execute(
        """
        UPDATE comments SET
            permalink = COALESCE(permalink, :permalink),
            author_id = COALESCE(author_id, :author_id),
            author_name = COALESCE(author_name, :author_name),
            text = COALESCE(text, :text),
            -- The earliest reported time, whatever order the events came in.
            posted_at = CASE WHEN posted_at IS NULL OR :posted_at < posted_at
                             THEN COALESCE(:posted_at, posted_at) ELSE posted_at END,
            first_seen_by = CASE WHEN first_seen_at IS NULL OR :first_seen_at < first_seen_at
                                 THEN COALESCE(:first_seen_by, first_seen_by)
                                 ELSE first_seen_by END,
            first_seen_at = CASE WHEN first_seen_at IS NULL OR :first_seen_at < first_seen_at
                                 THEN COALESCE(:first_seen_at, first_seen_at)
                                 ELSE first_seen_at END
        WHERE platform = :platform AND comment_id = :comment_id
        """,
        {**values, "platform": platform, "comment_id": comment_id},
    )


upsert_comment = _upsert_comment  # for companion.outcomes: a follow-up is a comment too


def _insert_reply(db: sqlite3.Connection, event: Event) -> int:
    f = event.fields
    _upsert_comment(
        db,
        event.platform,
        event.comment_id,
        {
            "permalink": f["permalink"],
            "author_id": f["comment_author_id"],
            "author_name": f["comment_author_name"],
            "text": f["comment_text"],
            "posted_at": f["comment_posted_at"],
            "first_seen_at": f["first_seen_at"],
            "first_seen_by": f["operator"] if f["first_seen_at"] else None,
        },
    )
    comment = db.execute(
        "SELECT posted_at, first_seen_at, tone, persona, gratitude FROM comments "
        "WHERE platform = ? AND comment_id = ?",
        (event.platform, event.comment_id),
    ).fetchone()
    draft = f["draft"] or {}
    gratitude = f["gratitude"] if f["gratitude"] is not None else comment["gratitude"]
    cursor = db.execute(
        """
        INSERT INTO replies (
            event_uuid, platform, comment_id, permalink, operator, text, comment_posted_at,
            first_seen_at, reply_started_at, reply_sent_at, response_seconds, draft_score,
            draft_level, draft_nearest_id, draft_cliches, tone, persona, gratitude, created_at
        ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            event.uuid,
            event.platform,
            event.comment_id,
            f["permalink"],
            f["operator"],
            f["text"],
            comment["posted_at"],
            f["first_seen_at"] or comment["first_seen_at"],
            f["reply_started_at"],
            f["reply_sent_at"],
            None,  # set by retime() once the batch is in
            draft.get("score"),
            draft.get("level"),
            draft.get("nearest_id"),
            json.dumps(draft.get("cliches") or [], ensure_ascii=False),
            f["tone"] or comment["tone"],
            f["persona"] or comment["persona"],
            None if gratitude is None else int(gratitude),
            now_utc(),
        ),
    )
    if f["tone"] or f["persona"] or f["gratitude"] is not None:
        db.execute(
            "UPDATE comments SET tone = COALESCE(?, tone), persona = COALESCE(?, persona), "
            "gratitude = COALESCE(?, gratitude) WHERE platform = ? AND comment_id = ?",
            (
                f["tone"],
                f["persona"],
                None if f["gratitude"] is None else int(f["gratitude"]),
                event.platform,
                event.comment_id,
            ),
        )
    return cursor.lastrowid


def retime(db: sqlite3.Connection, platform: str, comment_id: str) -> None:
    """Time every stored reply to one comment again from the stored events: the comment's
    time and first sighting (the earliest any event reported, as for the comment's time),
    which reply is the first response, response and follow-up seconds."""
    row = db.execute(
        "SELECT posted_at, first_seen_at, tone, persona, gratitude FROM comments "
        "WHERE platform = ? AND comment_id = ?",
        (platform, comment_id),
    ).fetchone()
    posted, seen = (row[0], row[1]) if row else (None, None)
    labels = tuple(row[2:]) if row else ()
    replies = db.execute(
        "SELECT id, reply_sent_at, first_response, response_seconds, since_previous_seconds, "
        "comment_posted_at, first_seen_at FROM replies WHERE platform = ? AND comment_id = ? "
        "ORDER BY reply_sent_at, event_uuid",
        (platform, comment_id),
    ).fetchall()
    previous = None
    for i, reply in enumerate(replies):
        sent = parse_utc(reply[1])
        response = None
        if posted:
            delta = (sent - parse_utc(posted)).total_seconds()
            # A reply "before" its comment is a clock problem, not a record to average.
            response = delta if delta >= 0 else None
        since = None if previous is None else (sent - previous).total_seconds()
        values = (int(i == 0), response, since, posted, seen or reply[6])
        if tuple(reply)[2:] != values:
            db.execute(
                "UPDATE replies SET first_response = ?, response_seconds = ?, "
                "since_previous_seconds = ?, comment_posted_at = ?, first_seen_at = ? "
                "WHERE id = ?",
                (*values, reply[0]),
            )
        previous = sent
    # The labels of the comment (sent with a reply, or computed for a follow-up) reach
    # the replies stored before them; a reply's own labels stay.
    if row is not None and any(v is not None for v in labels):
        db.execute(
            "UPDATE replies SET tone = COALESCE(tone, ?), persona = COALESCE(persona, ?), "
            "gratitude = COALESCE(gratitude, ?) WHERE platform = ? AND comment_id = ? "
            "AND (tone IS NULL OR persona IS NULL OR gratitude IS NULL)",
            (*labels, platform, comment_id),
        )
