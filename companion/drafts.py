"""Checking reply drafts: one similarity index per database, kept in step with it.

The index holds the template library and the team's most recent ``RECENT_REPLIES``
sent replies. It is built on first use (or by ``warm`` in the background at start-up)
and then kept current three ways:

- templates changed through ``companion.storage.templates`` in this process are applied
  at once (``template_changed``);
- replies stored by this process arrive through ``hooks.reply_stored``
  (``on_reply_stored``), searchable with no rebuild;
- changes made by another process on the same file (``otklik templates import``
  while ``otklik serve`` runs) are noticed by a cheap fingerprint query, at most
  once per ``SYNC_INTERVAL`` seconds.

When the team's store cannot be reached (PostgreSQL down) a draft is checked against
the index as last synced, with the default thresholds, rather than not at all.

Thresholds come from the ``settings`` table (``drafts.warn``, ``drafts.high``) when a
trainer has set them there, else ``model.similarity.DEFAULT_THRESHOLDS``. Trainers'
extra clichés live in ``<data dir>/cliches.tsv``.
"""

from __future__ import annotations

import collections
import functools
import logging
import threading
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy import text as sql_text
from sqlalchemy.exc import DBAPIError

from model import coach
from model.cliches import find_cliches
from model.similarity import DEFAULT_THRESHOLDS, SimilarityIndex, Thresholds

from . import hooks
from .models_info import coach_guidance_path, custom_tone_path
from .storage import settings as settings_store
from .storage.engine import sqlite_path
from .storage.schema import replies, templates

__all__ = [
    "CLICHES_FILE",
    "coach_comment",
    "RECENT_REPLIES",
    "check_draft",
    "index_for",
    "on_reply_stored",
    "template_changed",
    "thresholds_for",
    "warm",
]

RECENT_REPLIES = 50_000
SYNC_INTERVAL = 1.0
CLICHES_FILE = "cliches.tsv"
log = logging.getLogger(__name__)
_T, _R = "t:", "r:"  # template and reply ids live in one index: keep them apart


def db_file(db: Connection | Engine | str) -> str:
    """The key of a store's index: an SQLite file's resolved path, else the store's URL."""
    url = db if isinstance(db, str) else db.engine.url
    path = sqlite_path(url)
    if path is not None:
        return str(path.resolve())
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=False)


class DraftIndex:
    """The similarity index of one database file, with what it knows of the file."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.index: SimilarityIndex | None = None
        self.templates: dict[str, str] = {}
        self.template_fp: tuple | None = None
        self.replies: collections.deque[int] = collections.deque()  # ids, oldest first
        self.reply_fp: tuple[int, int] = (0, 0)  # (max id, count) of the replies table
        self.synced_at = 0.0

    # -- reading the database -----------------------------------------------------
    @staticmethod
    def _template_fp(db: Connection) -> tuple:
        return tuple(db.execute(select(
            func.count(), func.max(templates.c.updated_at),
            func.sum(func.length(templates.c.id) + func.length(templates.c.text)),
        )).one())

    @staticmethod
    def _reply_fp(db: Connection) -> tuple[int, int]:
        max_id, count = db.execute(
            select(func.coalesce(func.max(replies.c.id), 0), func.count())
        ).one()
        return int(max_id), int(count)

    def build(self, db: Connection) -> SimilarityIndex:
        with self.lock:
            self.template_fp = self._template_fp(db)
            self.reply_fp = self._reply_fp(db)
            self.templates = _templates(db)
            rows = db.execute(
                select(replies.c.id, replies.c.text).order_by(replies.c.id.desc())
                .limit(RECENT_REPLIES)
            ).all()
            rows.reverse()
            self.replies = collections.deque(int(r[0]) for r in rows)
            index = SimilarityIndex()
            items = [(_T + i, t, "template") for i, t in self.templates.items()]
            items += [(_R + str(r[0]), r[1], "reply") for r in rows]
            index.add_many(items)
            self.index = index
            self.synced_at = time.monotonic()
            return index

    def sync(self, db: Connection, force: bool = False) -> SimilarityIndex:
        """The index, built if need be and brought up to date with the file."""
        with self.lock:
            if self.index is None:
                return self.build(db)
            if not force and time.monotonic() - self.synced_at < SYNC_INTERVAL:
                return self.index
            self.synced_at = time.monotonic()
            fp = self._template_fp(db)
            if fp != self.template_fp:
                self.template_fp = fp
                current = _templates(db)
                for item_id in self.templates.keys() - current.keys():
                    self.index.remove(_T + item_id)
                for item_id, text in current.items():
                    if self.templates.get(item_id) != text:
                        self.index.add(_T + item_id, text, "template")
                self.templates = current
            max_id, count = self._reply_fp(db)
            if (max_id, count) != self.reply_fp:
                known_max, known_count = self.reply_fp
                if max_id >= known_max and count >= known_count:
                    for rid, text_ in db.execute(
                        select(replies.c.id, replies.c.text).where(replies.c.id > known_max)
                        .order_by(replies.c.id)
                    ):
                        self._add_reply(int(rid), text_)
                    self.reply_fp = (max_id, count)
                else:  # replies were deleted: start again
                    return self.build(db)
            return self.index

    # -- changes from this process ------------------------------------------------
    def _add_reply(self, reply_id: int, text: str) -> None:
        if self.replies and reply_id <= self.replies[-1]:
            return  # already there (the hook and a sync both saw it)
        self.index.add(_R + str(reply_id), text, "reply")
        self.replies.append(reply_id)
        while len(self.replies) > RECENT_REPLIES:
            self.index.remove(_R + str(self.replies.popleft()))

    def reply_stored(self, reply_id: int, text: str) -> None:
        with self.lock:
            if self.index is None:
                return  # the build will read it from the table
            self._add_reply(reply_id, text)
            max_id, count = self.reply_fp
            self.reply_fp = (max(max_id, reply_id), count + 1)

    def template_changed(self, db: Connection, item_id: str, text: str | None) -> None:
        with self.lock:
            if self.index is None:
                return
            if text is None:
                self.index.remove(_T + item_id)
                self.templates.pop(item_id, None)
            else:
                self.index.add(_T + item_id, text, "template")
                self.templates[item_id] = text
            self.template_fp = self._template_fp(db)


_indexes: dict[str, DraftIndex] = {}
_indexes_lock = threading.Lock()


def _entry(key: str) -> DraftIndex:
    with _indexes_lock:
        return _indexes.setdefault(key, DraftIndex())


def _templates(db: Connection) -> dict[str, str]:
    return dict(db.execute(select(templates.c.id, templates.c.text)).all())


def index_for(db: Connection) -> SimilarityIndex:
    """The up-to-date index of ``db``'s store (built on first use)."""
    return _entry(db_file(db)).sync(db)


def warm(engine: Engine) -> None:
    """Build the index of a store now (call it in a thread at start-up)."""
    with engine.connect() as db:
        _entry(db_file(db)).sync(db)


def forget(db: Connection) -> None:
    """Drop the index of ``db``'s file (its next use rebuilds it)."""
    with _indexes_lock:
        _indexes.pop(db_file(db), None)


def thresholds_for(db: Connection) -> Thresholds:
    """Thresholds a trainer set in ``settings`` (``drafts.warn``/``drafts.high``), else defaults."""
    values = {f"drafts.{k}": v for k, v in settings_store.read(db, "drafts.").items()}
    try:
        return Thresholds(
            float(values.get("drafts.warn", DEFAULT_THRESHOLDS.warn)),
            float(values.get("drafts.high", DEFAULT_THRESHOLDS.high)),
        )
    except ValueError:
        return DEFAULT_THRESHOLDS  # a bad setting must not stop the checks


def check_draft(
    db: Connection | None,
    text: str,
    *,
    comment_id: str | None = None,
    data_dir: Path | None = None,
    comment: dict | None = None,
    platform: str | None = None,
    lang: str = "ru",
    with_coach: bool = True,
    store: str | None = None,
) -> dict:
    """``{"score", "level", "nearest", "spans", "cliches", "coach"}`` of one draft.

    Replies already sent to ``comment_id`` are left out: editing one's own answer to
    the same comment is not using a template. ``coach`` is the reply coach's checklist
    (``model.coach.review``) for the comment the draft answers: ``comment`` as the
    extension knows it (``text``, ``tone``, ``persona``, ``author_name``), gaps filled
    from what the companion stored for ``platform``/``comment_id`` (``coach_comment``).
    ``db`` None (the store unreachable): the index of ``store`` (its URL) as last synced.
    """
    try:
        if db is None:
            raise _Unreachable
        index = index_for(db)
        exclude = None
        if comment_id:
            sent = db.execute(select(replies.c.id).where(replies.c.comment_id == comment_id))
            exclude = [_R + str(rid) for rid in sent.scalars()]
        thresholds = thresholds_for(db)
    except (DBAPIError, _Unreachable):
        # The team's store is unreachable: check against the index as last synced.
        index = _last_synced(db_file(db if db is not None else store or ":memory:"))
        exclude, thresholds, db = None, DEFAULT_THRESHOLDS, None
    result = index.check(text, thresholds, exclude=exclude)
    nearest = result["nearest"]
    if nearest is not None:
        nearest = {**nearest, "id": nearest["id"][len(_T):]}  # both prefixes are 2 long
    extra = Path(data_dir) / CLICHES_FILE if data_dir is not None else None
    cliches = _find_cliches(text, extra)
    if not with_coach:  # `otklik check` reports the template warning only
        return {**result, "nearest": nearest, "cliches": cliches}
    context = coach_comment(db, platform, comment_id, comment, data_dir)
    review = functools.partial(
        coach.review, text, context,
        template={"level": result["level"], "score": result["score"]},
        cliches=cliches, lang=lang,
    )
    try:
        advice = review(guidance_path=coach_guidance_path(data_dir) if data_dir else None)
    except ValueError as exc:
        # A trainer's broken coach.json must not take the template warning down: the
        # shipped wording, and the file's problem named for whoever looks.
        advice = {**review(), "guidance_error": str(exc)}
    return {**result, "nearest": nearest, "cliches": cliches, "coach": advice}


_BROKEN_CLICHES: set[str] = set()


def _find_cliches(text: str, extra: Path | None) -> list[dict]:
    """``find_cliches`` with the trainers' list; a broken one (a line without its tab,
    not UTF-8) must not take the draft check down (it answered 500 at every keystroke):
    the built-in list, and the file's problem logged once."""
    try:
        return find_cliches(text, extra)
    except ValueError as exc:  # UnicodeDecodeError is one too
        problem = (f"{extra}: not UTF-8 text (byte {exc.start})"
                   if isinstance(exc, UnicodeDecodeError) else str(exc))
        if problem not in _BROKEN_CLICHES:
            _BROKEN_CLICHES.add(problem)
            log.warning("%s; the built-in cliché list is used until the file is fixed",
                        problem)
        return find_cliches(text, None)


def coach_comment(
    db: Connection | None,
    platform: str | None,
    comment_id: str | None,
    given: dict | None,
    data_dir: Path | None = None,
) -> dict:
    """The comment a draft answers, for the coach: what the extension sent, gaps filled
    from the ``comments`` table, the tone computed from the text when neither knows it."""
    context = {k: v for k, v in (given or {}).items() if v}
    if (db is not None and platform and comment_id
            and not {"text", "tone", "persona", "author_name"} <= context.keys()):
        row = db.execute(
            sql_text("SELECT text, tone, persona, author_name FROM comments "
                     "WHERE platform = :platform AND comment_id = :comment_id"),
            {"platform": platform, "comment_id": comment_id},
        ).mappings().first()
        if row is not None:
            for key in ("text", "tone", "persona", "author_name"):
                if not context.get(key) and row[key]:
                    context[key] = row[key]
    if context.get("text") and not context.get("tone"):
        from model import tone

        tone_path = custom_tone_path(data_dir) if data_dir is not None else None
        context["tone"] = tone.predict([context["text"]], tone_path)[0]["label"]
    return context


class _Unreachable(Exception):
    """No connection to the store was to be had."""


def _last_synced(key: str) -> SimilarityIndex:
    """The index of a store (``db_file``'s key) as last synced (empty if never built)."""
    entry = _entry(key)
    with entry.lock:
        return entry.index or SimilarityIndex()


def template_changed(db: Connection, item_id: str, text: str | None) -> None:
    """Tell the index of ``db``'s file that a template was added/edited (text) or deleted."""
    with _indexes_lock:
        entry = _indexes.get(db_file(db))
    if entry is not None:
        entry.template_changed(db, item_id, text)


def on_reply_stored(reply_id: int, text: str) -> None:
    """Listener of ``hooks.reply_stored``: a sent reply joins the index of its database."""
    key = None
    try:
        from flask import current_app, has_app_context

        if has_app_context():
            key = db_file(current_app.config["STORE_URL"])
    except (ImportError, KeyError):
        key = None
    with _indexes_lock:
        entries = [_indexes[key]] if key in _indexes else []
    for entry in entries:
        entry.reply_stored(reply_id, text)
    # Outside a request, the fingerprint check of each index picks the reply up.


if on_reply_stored not in hooks.reply_stored:
    hooks.reply_stored.append(on_reply_stored)
