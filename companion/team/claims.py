"""«Отвечает Анна»: who of the team started a reply to which comment, until it expires.

A claim is a row (platform, comment_id, role) with the member's display name, since when
and until when. The extension claims a comment when its operator starts typing a reply
and renews it while they type (every 45 s); it releases the claim when the reply is sent,
the box emptied or the page left; one not renewed expires after CLAIM_TTL_S. Times are
ISO-8601 UTC text, as everywhere in the store. Works on both engines; on PostgreSQL
row-level security lets a role write only its own claims (companion.team.roles).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, bindparam, text

CLAIM_TTL_S = 120
LOCAL_ROLE = "local"  # the SQLite store's one operator


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def claim(db: Connection, platform: str, comment_id: str, *, role: str, operator: str,
          now: datetime) -> dict:
    """Claim (or renew) a comment for ``role``; returns {operator, since, expires_at}.

    Runs in the caller's transaction. A renewal keeps the first ``since`` unless the old
    claim had expired.
    """
    key = {"p": platform, "c": comment_id, "r": role}
    old = db.execute(text(
        "SELECT since, expires_at FROM claims WHERE platform = :p AND comment_id = :c "
        "AND role = :r"), key).first()
    since = old[0] if old and old[1] > iso(now) else iso(now)
    expires = iso(now + timedelta(seconds=CLAIM_TTL_S))
    db.execute(text(
        "DELETE FROM claims WHERE platform = :p AND comment_id = :c AND role = :r"), key)
    db.execute(text(
        "INSERT INTO claims (platform, comment_id, role, operator, since, expires_at) "
        "VALUES (:p, :c, :r, :o, :s, :e)"), {**key, "o": operator, "s": since, "e": expires})
    return {"operator": operator, "since": since, "expires_at": expires}


def release(db: Connection, platform: str, comment_id: str, *, role: str) -> bool:
    """Drop ``role``'s claim on a comment; True when there was one."""
    cur = db.execute(text(
        "DELETE FROM claims WHERE platform = :p AND comment_id = :c AND role = :r"),
        {"p": platform, "c": comment_id, "r": role})
    return bool(cur.rowcount)


def active(db: Connection, platform: str, comment_ids: list[str], *, exclude_role: str,
           now: datetime) -> dict[str, dict]:
    """Colleagues' live claims on these comments: {comment_id: {operator, since}}, the
    earliest claim where several colleagues type at once; ``exclude_role``'s own left
    out. One query per 500 ids."""
    found: dict[str, dict] = {}
    query = text(
        "SELECT comment_id, operator, since FROM claims WHERE platform = :p "
        "AND comment_id IN :ids AND role <> :me AND expires_at > :now ORDER BY since"
    ).bindparams(bindparam("ids", expanding=True))
    for start in range(0, len(comment_ids), 500):
        rows = db.execute(query, {"p": platform, "ids": comment_ids[start:start + 500],
                                  "me": exclude_role, "now": iso(now)})
        for cid, operator, since in rows:
            found.setdefault(cid, {"operator": operator, "since": since})
    return found
