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
import logging
import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, bindparam, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from .. import hooks
from ..errors import ApiError
from ..validation import get, now_utc, obj, parse_utc, person_name, timestamp
from . import outcomes
from .dialect import insert_ignore
from .engine import write_transaction
from .schema import COMMENT_KEY, comments, events, replies

MAX_EVENTS = 500
MAX_TEXT = 20_000
MAX_ID = 200
PLATFORMS = ("vk", "facebook")
EVENT_TYPES = ("comment_seen", "reply_sent", "customer_followup")
TONES = ("negative", "neutral", "positive")
PERSONAS = ("unsure", "talker", "positive", "aggressor", "expert", "none")
LEVELS = ("ok", "warn", "high")
_UUID = re.compile(r"^[0-9A-Za-z-]{8,64}$")

log = logging.getLogger("otklik")


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
            "operator": person_name(get(data, "operator", str, **id_opt)),
        }
    else:
        f |= {
            "operator": person_name(get(data, "operator", str, path=path, max_len=MAX_ID)),
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


# Tries of a batch that met another companion's transaction on PostgreSQL (the same
# event sent twice at once, or two batches locking comments in opposite order): the
# next try sees what the other committed, so a replayed UUID gets its first answer.
TRIES = 5
_RETRY_STATES = ("40001", "40P01")  # serialization failure, deadlock detected


def store(db: Connection, events_: list[Event]) -> list[dict]:
    """Store a checked batch in one transaction; replayed UUIDs get their first answer.

    Returns ``[{"uuid", "status": "stored"}, …]`` in batch order, only once committed.
    Raises the driver's errors (a store fault; nothing of the batch is kept).
    """
    for attempt in range(TRIES):
        try:
            results, stored_replies = _store_once(db, events_)
            break
        except DBAPIError as exc:
            state = getattr(exc.orig, "sqlstate", None)
            retry = isinstance(exc, IntegrityError) and db.dialect.name != "sqlite"
            if attempt == TRIES - 1 or not (retry or state in _RETRY_STATES):
                raise
    for reply_id, text_ in stored_replies:
        hooks.emit_reply_stored(reply_id, text_)
    return results


# The statements of the hot path, built once: each call passes only its values, so
# SQLAlchemy compiles each once (building them per event was a third of a batch's time).
_ANSWER = select(events.c.response).where(events.c.uuid == bindparam("uuid"))
_RECORD = insert(events)
_COMMENT = select(
    comments.c.posted_at, comments.c.first_seen_at, comments.c.tone, comments.c.persona,
    comments.c.gratitude,
).where(comments.c.platform == bindparam("platform"),
        comments.c.comment_id == bindparam("comment_id"))
_INSERT_REPLY = insert(replies).returning(replies.c.id)
_LABEL_COMMENT = text(
    "UPDATE comments SET tone = COALESCE(:tone, tone), persona = COALESCE(:persona, persona), "
    "gratitude = COALESCE(:gratitude, gratitude) "
    "WHERE platform = :platform AND comment_id = :comment_id"
)
_REPLIES_OF = select(
    replies.c.id, replies.c.reply_sent_at, replies.c.first_response, replies.c.response_seconds,
    replies.c.since_previous_seconds, replies.c.comment_posted_at, replies.c.first_seen_at,
).where(replies.c.platform == bindparam("platform"),
        replies.c.comment_id == bindparam("comment_id")
        ).order_by(replies.c.reply_sent_at, replies.c.event_uuid)
_RETIME = update(replies).where(replies.c.id == bindparam("rid")).values(
    first_response=bindparam("first_response"), response_seconds=bindparam("response_seconds"),
    since_previous_seconds=bindparam("since_previous_seconds"),
    comment_posted_at=bindparam("comment_posted_at"), first_seen_at=bindparam("first_seen_at"),
)
_LABEL_REPLIES = text(
    "UPDATE replies SET tone = COALESCE(tone, :tone), persona = COALESCE(persona, :persona), "
    "gratitude = COALESCE(gratitude, :gratitude) "
    "WHERE platform = :platform AND comment_id = :comment_id "
    "AND (tone IS NULL OR persona IS NULL OR gratitude IS NULL)"
)


def _store_once(db: Connection, events_: list[Event]) -> tuple[list[dict], list]:
    results: list[dict] = []
    stored_replies: list[tuple[int, str]] = []
    touched: set[tuple[str, str]] = set()
    with write_transaction(db):
        for event in events_:
            answer = db.execute(_ANSWER, {"uuid": event.uuid}).scalar()
            if answer is not None:
                results.append(json.loads(answer))
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
            db.execute(_RECORD, {"uuid": event.uuid, "type": event.type,
                                 "received_at": now_utc(), "response": json.dumps(response)})
            results.append(response)
        # In a fixed order: two companions' batches lock the same comments in one order.
        for platform, comment_id in sorted(touched):
            retime(db, platform, comment_id)
    return results, stored_replies


_FILL_COMMENT = text(
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
    """
)


def _upsert_comment(db: Connection, platform: str, comment_id: str, values: dict) -> None:
    insert_ignore(db, comments, dict(zip(COMMENT_KEY, (platform, comment_id), strict=True)),
                  COMMENT_KEY)
    # Keep what we knew; fill the gaps; the first sighting is the earliest one. (On
    # PostgreSQL this also locks the comment's row until commit: companions storing
    # replies to one comment time them one after another.)
    db.execute(_FILL_COMMENT, {**values, "platform": platform, "comment_id": comment_id})


upsert_comment = _upsert_comment  # for companion.storage.outcomes: a follow-up is a comment too


def _insert_reply(db: Connection, event: Event) -> int:
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
    key = {"platform": event.platform, "comment_id": event.comment_id}
    comment = db.execute(_COMMENT, key).one()
    draft = f["draft"] or {}
    gratitude = f["gratitude"] if f["gratitude"] is not None else comment.gratitude
    reply_id = db.execute(_INSERT_REPLY, {
        "event_uuid": event.uuid,
        "platform": event.platform,
        "comment_id": event.comment_id,
        "permalink": f["permalink"],
        "operator": f["operator"],
        "text": f["text"],
        "comment_posted_at": comment.posted_at,
        "first_seen_at": f["first_seen_at"] or comment.first_seen_at,
        "reply_started_at": f["reply_started_at"],
        "reply_sent_at": f["reply_sent_at"],
        "response_seconds": None,  # set by retime() once the batch is in
        "draft_score": draft.get("score"),
        "draft_level": draft.get("level"),
        "draft_nearest_id": draft.get("nearest_id"),
        "draft_cliches": json.dumps(draft.get("cliches") or [], ensure_ascii=False),
        "tone": f["tone"] or comment.tone,
        "persona": f["persona"] or comment.persona,
        "gratitude": None if gratitude is None else int(gratitude),
        "created_at": now_utc(),
    }).scalar_one()
    if f["tone"] or f["persona"] or f["gratitude"] is not None:
        db.execute(_LABEL_COMMENT, {
            **key, "tone": f["tone"], "persona": f["persona"],
            "gratitude": None if f["gratitude"] is None else int(f["gratitude"]),
        })
    return reply_id


def retime(db: Connection, platform: str, comment_id: str) -> None:
    """Time every stored reply to one comment again from the stored events: the comment's
    time and first sighting (the earliest any event reported, as for the comment's time),
    which reply is the first response, response and follow-up seconds."""
    key = {"platform": platform, "comment_id": comment_id}
    row = db.execute(_COMMENT, key).first()
    posted, seen = (row[0], row[1]) if row else (None, None)
    labels = tuple(row[2:]) if row else ()
    rows = db.execute(_REPLIES_OF, key).all()
    posted_moment = None
    if posted:
        try:
            posted_moment = parse_utc(posted)
        except ValueError:
            # Only a hand edit puts such text there (a team store from before its trigger
            # checked times): no response time rather than every batch on it failing.
            log.warning("comment %s/%s: stored time %r is not a time; its replies get no "
                        "response time", platform, comment_id, posted)
    previous = None
    for i, reply in enumerate(rows):
        sent = parse_utc(reply[1])
        response = None
        if posted_moment is not None:
            delta = (sent - posted_moment).total_seconds()
            # A reply "before" its comment is a clock problem, not a record to average.
            response = delta if delta >= 0 else None
        since = None if previous is None else (sent - previous).total_seconds()
        values = (int(i == 0), response, since, posted, seen or reply[6])
        if tuple(reply)[2:] != values:
            db.execute(_RETIME, {
                "rid": reply[0], "first_response": values[0], "response_seconds": values[1],
                "since_previous_seconds": values[2], "comment_posted_at": values[3],
                "first_seen_at": values[4],
            })
        previous = sent
    # The labels of the comment (sent with a reply, or computed for a follow-up) reach
    # the replies stored before them; a reply's own labels stay.
    if row is not None and any(v is not None for v in labels):
        db.execute(_LABEL_REPLIES, {**key, "tone": labels[0], "persona": labels[1],
                                    "gratitude": labels[2]})
