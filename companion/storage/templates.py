"""The team's template library in the store, and its import/export formats.

Formats, chosen by the file's extension (or ``fmt``):

- ``csv``: a header row with ``id,text`` (``id`` may be empty or missing);
- ``json``: a list of ``{"id", "text"}`` objects or of strings, or ``{"templates": [...]}``;
- ``txt`` (anything else): plain text, one template per paragraph (blank-line separated).

A template without an id gets one made from its text (``tpl-<8 hex>``), so importing
the same file twice adds nothing the second time. Importing a template whose id
exists replaces its text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .. import textfile
from ..validation import now_utc
from .engine import write_transaction
from .schema import replies
from .schema import templates as table

__all__ = [
    "FORMATS",
    "MAX_ID",
    "MAX_TEXT",
    "ImportResult",
    "TemplateError",
    "add_template",
    "delete_template",
    "discover_groups",
    "export_templates",
    "get_template",
    "import_templates",
    "list_templates",
    "parse_templates",
    "plan_import",
    "read_file",
    "undo_import",
    "update_template",
]

FORMATS = ("csv", "txt", "json")
MAX_ID = 200
MAX_TEXT = 20_000
_PARAGRAPH = re.compile(r"\n\s*\n")
# A template is a few sentences; a "paragraph" of more lines is a file of something else.
MAX_PARAGRAPH_LINES = 30


class TemplateError(ValueError):
    """Bad template input; the message says which item and why."""


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    # What an undo needs: the ids added, and the text each updated template had before.
    added_ids: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged}


def make_id(text: str, size: int = 8) -> str:
    """A stable id for a template given without one (``size`` hex digits of its text's
    digest; more where two texts of one file share the first eight)."""
    digest = hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()
    return f"tpl-{digest[:size]}"


def _row(row) -> dict:
    return {
        "id": row["id"],
        "text": row["text"],
        "source": row["source"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


# Categories an id may not hold: control characters (C0, DEL, C1: a line break, a tab,
# NUL) and the line and paragraph separators. Such an id cannot be addressed afterwards
# (in a URL, on one line of `otklik templates list`, in a CSV), so it is refused
# wherever an id comes in.
_NOT_IN_ID = frozenset({"Cc", "Zl", "Zp"})


def id_problem(item_id: str) -> str | None:
    """What is wrong with a template id given (``"holds a control character (U+000A)"``),
    or None when it is fine. The length is checked apart (``MAX_ID``)."""
    for ch in item_id:
        if unicodedata.category(ch) in _NOT_IN_ID:
            return f"holds a control character (U+{ord(ch):04X}); an id is one line of text"
    return None


def _check(item_id: str | None, text: object, where: str) -> tuple[str, str]:
    if not isinstance(text, str) or not text.strip():
        raise TemplateError(f"{where}: the text is empty")
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise TemplateError(f"{where}: the text is longer than {MAX_TEXT} characters")
    if item_id is None or (isinstance(item_id, str) and not item_id.strip()):
        item_id = make_id(text)
    if not isinstance(item_id, str | int) or isinstance(item_id, bool):
        raise TemplateError(f"{where}: the id must be a string")
    item_id = str(item_id).strip()
    if len(item_id) > MAX_ID:
        raise TemplateError(f"{where}: the id is longer than {MAX_ID} characters")
    problem = id_problem(item_id)
    if problem:
        raise TemplateError(f"{where}: the id {problem}")
    return item_id, text


def list_templates(db: Connection) -> list[dict]:
    return [_row(r) for r in db.execute(select(table).order_by(table.c.id)).mappings()]


def get_template(db: Connection, item_id: str) -> dict | None:
    row = db.execute(select(table).where(table.c.id == item_id)).mappings().first()
    return _row(row) if row else None


def _text_of(db: Connection, item_id: str) -> str | None:
    return db.execute(select(table.c.text).where(table.c.id == item_id)).scalar()


def add_template(
    db: Connection, text: str, item_id: str | None = None, source: str = "manual"
) -> dict:
    """Insert one template; ``TemplateError`` if the id is taken."""
    item_id, text = _check(item_id, text, "template")
    now = now_utc()
    try:
        with write_transaction(db):
            db.execute(insert(table).values(
                id=item_id, text=text, source=source, created_at=now, updated_at=now
            ))
    except IntegrityError:
        raise TemplateError(f"a template with id {item_id!r} already exists") from None
    _changed(db, item_id, text)
    return get_template(db, item_id)  # type: ignore[return-value]


def _set_text(db: Connection, item_id: str, text: str, now: str) -> int:
    return db.execute(
        update(table).where(table.c.id == item_id).values(text=text, updated_at=now)
    ).rowcount


def update_template(db: Connection, item_id: str, text: str) -> dict | None:
    """Replace the text of one template; None when there is no such id. The id is the
    stored one as it is (one stored before ids were checked may hold a line break)."""
    _, text = _check(None, text, "template")
    with write_transaction(db):
        found = _set_text(db, item_id, text, now_utc())
    if not found:
        return None
    _changed(db, item_id, text)
    return get_template(db, item_id)


def _delete(db: Connection, item_id: str) -> int:
    return db.execute(delete(table).where(table.c.id == item_id)).rowcount


def delete_template(db: Connection, item_id: str) -> bool:
    with write_transaction(db):
        found = _delete(db, item_id)
    if found:
        _changed(db, item_id, None)
    return bool(found)


def _changed(db: Connection, item_id: str, text: str | None) -> None:
    # The draft index of this database learns at once; other processes (a running
    # server after `otklik templates import`) notice through its fingerprint check.
    from .. import drafts

    drafts.template_changed(db, item_id, text)


# A first line that is a CSV header naming a text column: Excel's «Текст (с разделителями
# табуляции)» saves as .txt.
_CSV_HEADER = re.compile(r"^\ufeff?(?:[^,;\t\n]*[,;\t])*\s*\"?text\"?\s*(?:[,;\t]|$)",
                         re.IGNORECASE)


def detect_format(path: Path, content: str = "") -> str:
    """``csv`` or ``json`` by the file's extension; for any other name, by what the
    content is (a JSON list or object; a CSV header naming a text column, with a
    delimiter); else ``txt``."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("csv", "json"):
        return suffix
    head = content.lstrip("\ufeff \t\r\n")
    if head[:1] in ("[", "{"):
        try:
            if isinstance(json.loads(head), (list, dict)):
                return "json"
        except ValueError:
            pass
        except RecursionError:  # JSON nested too deeply: parse_templates says so
            return "json"
    first_line = head.split("\n", 1)[0].rstrip("\r")
    if re.search(r"[,;\t]", first_line) and _CSV_HEADER.match(first_line):
        return "csv"
    return "txt"


def parse_templates(content: str, fmt: str) -> list[tuple[str, str]]:
    """``(id, text)`` pairs from the content of a file in ``fmt``; ids made where missing."""
    if fmt not in FORMATS:
        raise TemplateError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    content = content.lstrip("\ufeff")
    items = _Items()
    _refuse_comments(content)
    if fmt == "csv":
        try:
            header, rows = textfile.read_csv(textfile.TextFile("CSV", content, "utf-8"),
                                             ("text",))
        except textfile.FileProblem as exc:
            # 'id' is optional (ids are made where missing): the message must not ask for it.
            what = exc.what.replace("the column(s) text", "a 'text' column ('id' is optional)")
            raise TemplateError(f"CSV line {exc.line or 1}: {what}") from None
        # Said, not refused: the drafts file (text,template,templated) was taken as
        # templates without a word; its other columns may also just be notes.
        items.ignored_columns = list(dict.fromkeys(h for h in header
                                                   if h and h not in ("id", "text")))
        for number, row in rows:
            items.add(row.get("id"), row.get("text"), f"CSV line {number}")
    elif fmt == "json":
        try:
            data = json.loads(content)
        except ValueError as exc:
            raise TemplateError(f"JSON: {exc}") from None
        except RecursionError:  # not a ValueError: it escaped as a traceback
            raise TemplateError("JSON: nested too deeply") from None
        if isinstance(data, dict):
            data = data.get("templates")
        if not isinstance(data, list):
            raise TemplateError("JSON: expected a list of templates or {\"templates\": [...]}")
        for i, entry in enumerate(data):
            where = f"JSON item {i}"
            if isinstance(entry, str):
                items.add(None, entry, where)
            elif isinstance(entry, dict):
                items.add(entry.get("id"), entry.get("text"), where)
            else:
                raise TemplateError(f"{where}: expected an object with 'text', or a string")
    else:
        for i, para in enumerate(_PARAGRAPH.split(content.replace("\r\n", "\n")), start=1):
            if not para.strip():
                continue
            n_lines = para.strip().count("\n") + 1
            if n_lines > MAX_PARAGRAPH_LINES:
                raise TemplateError(
                    f"paragraph {i}: {n_lines} lines without a blank line between them; "
                    "templates in a text file are separated by blank lines (this looks "
                    "like a list of something else)"
                )
            items.add(None, " ".join(para.split()), f"paragraph {i}")
    return items


class _Items(list):
    """A file's ``(id, text)`` pairs, each id once: the same template twice is one; one
    id with two texts is refused naming both places (the first text was dropped without
    a word); two texts whose made ids collide (``tpl-`` + 8 hex digits: about once in
    100,000 templates) both stay, the later with a longer id."""

    def __init__(self) -> None:
        super().__init__()
        self.where: dict[str, tuple[str, str]] = {}
        self.ignored_columns: list[str] = []  # a CSV's columns other than id and text

    def add(self, item_id: object, text: object, where: str) -> None:
        item_id, text = _check(item_id, text, where)
        if item_id in self.where and self.where[item_id][1] != text:
            if item_id == make_id(text):
                item_id = make_id(text, 40)
            else:
                raise TemplateError(f"{where}: the id {item_id!r} is already on "
                                    f"{self.where[item_id][0]} with another text")
        if item_id not in self.where:
            self.where[item_id] = (where, text)
            self.append((item_id, text))


def _refuse_comments(content: str) -> None:
    """JSON Lines (comments exported from a platform, `otklik classify` input or output)
    are not a template list: read as text they became one giant template."""
    lines = [ln for ln in content.splitlines() if ln.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return
    try:
        first = json.loads(lines[0])
    except (ValueError, RecursionError):
        return
    if isinstance(first, dict):
        fields = ", ".join(list(first)[:6])
        raise TemplateError(
            f"line 1: found JSON Lines ({len(lines)} lines of objects with fields {fields}), "
            "which look like comments, not templates; a template list is CSV with a "
            "'text' column, a JSON list, or text with one template per paragraph"
        )


def plan_import(db: Connection, items: list[tuple[str, str]]) -> ImportResult:
    """What ``import_templates`` would do with ``items``, changing nothing (a preview)."""
    result = ImportResult()
    seen: dict[str, str] = {}
    for item_id, text in items:
        before = seen[item_id] if item_id in seen else _text_of(db, item_id)
        if before is None and item_id not in seen:
            result.added += 1
            result.added_ids.append(item_id)
        elif before != text:
            result.updated += 1
            if before is not None and item_id not in result.added_ids:
                result.previous.setdefault(item_id, before)
        else:
            result.unchanged += 1
        seen[item_id] = text
    return result


def undo_import(
    db: Connection, added_ids: list[str], previous: dict[str, str]
) -> tuple[int, int]:
    """Take back an import: delete what it added, put back the texts it replaced.

    Returns (templates removed, templates restored), counting only what is still there
    to take back (a template removed since the import is not counted); one transaction.
    """
    changed: list[tuple[str, str | None]] = []
    with write_transaction(db):
        for item_id in added_ids:
            if _delete(db, item_id):
                changed.append((item_id, None))
        for item_id, text in previous.items():
            if _set_text(db, item_id, text, now_utc()):
                changed.append((item_id, text))
    for item_id, text in changed:
        _changed(db, item_id, text)
    removed = sum(text is None for _, text in changed)
    return removed, len(changed) - removed


def import_templates(
    db: Connection, items: list[tuple[str, str]], source: str = "import"
) -> ImportResult:
    """Insert or replace ``(id, text)`` pairs in one transaction."""
    result = ImportResult()
    now = now_utc()
    changed: list[tuple[str, str]] = []
    with write_transaction(db):
        for item_id, text in items:
            before = _text_of(db, item_id)
            if before is None:
                db.execute(insert(table).values(
                    id=item_id, text=text, source=source, created_at=now, updated_at=now
                ))
                result.added += 1
                result.added_ids.append(item_id)
            elif before != text:
                if item_id not in result.added_ids:
                    result.previous.setdefault(item_id, before)
                _set_text(db, item_id, text, now)
                result.updated += 1
            else:
                result.unchanged += 1
                continue
            changed.append((item_id, text))
    for item_id, text in changed:
        _changed(db, item_id, text)
    return result


def read_file(path: Path, fmt: str | None = None) -> list[tuple[str, str]]:
    """``(id, text)`` pairs of a template file in any encoding ``companion.textfile``
    reads; ``TemplateError`` names the file and the place."""
    file = textfile.read_text(path)
    try:
        return parse_templates(file.text, fmt or detect_format(Path(path), file.text))
    except TemplateError as exc:
        raise TemplateError(f"{path}: {exc}") from None


def import_file(db: Connection, path: Path, fmt: str | None = None) -> ImportResult:
    return import_templates(db, read_file(path, fmt))


def export_templates(db: Connection, fmt: str = "csv") -> str:
    """The whole library in ``fmt``; what ``import`` reads back unchanged."""
    rows = list_templates(db)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["id", "text"])
        for r in rows:
            writer.writerow([r["id"], r["text"]])
        return buf.getvalue()
    if fmt == "json":
        data = [{"id": r["id"], "text": r["text"]} for r in rows]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "txt":
        # Paragraphs carry no id: a template's inner line breaks are folded, or the
        # file would read back as several templates.
        return "\n\n".join(" ".join(r["text"].split()) for r in rows) + ("\n" if rows else "")
    raise TemplateError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")


DISCOVER_FROM = 50_000  # the most recent replies looked at by `discover_groups`


def discover_groups(
    db: Connection, min_count: int = 3, threshold: float = 0.8
) -> list[dict]:
    """The team's de-facto templates: near-duplicate groups among recent stored replies.

    Each group: ``{"text", "count", "members": [reply ids as strings]}``, largest
    first; ``text`` is the member most like the others. For `otklik templates
    discover` and the dashboard.
    """
    from model.similarity import discover

    rows = db.execute(
        select(replies.c.id, replies.c.text).order_by(replies.c.id.desc()).limit(DISCOVER_FROM)
    ).all()
    return discover([(str(r[0]), r[1]) for r in rows], min_count, threshold)
