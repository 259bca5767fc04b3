"""Text files as Windows and Excel save them: encoding and CSV dialect found, not assumed.

Every command that reads a file goes through here, so they all accept the same files
and fail the same way: one line naming the file, the line and what is wrong
(``FileProblem``), never a traceback.

- Encoding: a UTF-8 or UTF-16 byte-order mark decides; otherwise strict UTF-8 when the
  bytes are UTF-8; otherwise charset-normalizer chooses among the Cyrillic single-byte
  code pages (cp1251 is what Russian Windows and Excel write).
- CSV: ``csv.Sniffer`` picks ``,`` ``;`` or tab (Russian Excel writes ``;``); the
  header row then confirms the choice (the delimiter that splits it into the expected
  column wins when the sniffer guessed another).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FileProblem",
    "MAX_BYTES",
    "TextFile",
    "decode",
    "read_csv",
    "read_text",
    "read_stream",
]

# 200 MB: a year of a large team's comments as JSON Lines; more is a mistake.
MAX_BYTES = 200 * 1024 * 1024
# Single-byte code pages a Russian desktop may write; charset-normalizer picks among them.
CYRILLIC_CODEPAGES = ["cp1251", "koi8_r", "cp866", "mac_cyrillic"]
DELIMITERS = ",;\t"
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


class FileProblem(ValueError):
    """A file that cannot be read as asked; ``str()`` is the one-line message."""

    def __init__(self, name: str, what: str, line: int | None = None) -> None:
        self.name, self.what, self.line = name, what, line
        where = f"{name}: line {line}" if line is not None else name
        super().__init__(f"{where}: {what}")


@dataclass(frozen=True)
class TextFile:
    """A decoded file: its name (for messages), text and the encoding found."""

    name: str
    text: str
    encoding: str


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, name: str) -> TextFile:
    """``data`` as text: BOM, else UTF-8, else the Cyrillic code page that fits best."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # Excel's "Unicode text"
    else:
        try:
            return TextFile(name, data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError as exc:
            utf8_error = exc
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=CYRILLIC_CODEPAGES).best()
        if best is None or b"\x00" in data:
            raise FileProblem(
                name,
                f"not text in UTF-8 or cp1251 (byte 0x{data[utf8_error.start]:02x} "
                "cannot be decoded); save it as UTF-8 text (Excel: Save As, «CSV UTF-8»)",
                _line_of(data, utf8_error.start),
            )
        encoding = best.encoding
    try:
        return TextFile(name, data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        raise FileProblem(
            name, f"not valid {encoding} text (byte 0x{data[exc.start]:02x})",
            _line_of(data, exc.start),
        ) from None


def _read_bytes(path: Path | str) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FileProblem(str(path), f"is {size:,} bytes; the limit is {MAX_BYTES:,}")
        # At most one byte past the limit: a device or a pipe (/dev/zero, /dev/stdin, a
        # FIFO) has no size to check first, and was read until memory ran out.
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise FileProblem(str(path), f"is larger than the limit of {MAX_BYTES:,} bytes")
        return data
    except FileNotFoundError:
        raise FileProblem(str(path), "no such file") from None
    except IsADirectoryError:
        raise FileProblem(str(path), "is a folder, not a file") from None
    except PermissionError:
        raise FileProblem(str(path), "cannot be read (permission denied)") from None
    except OSError as exc:
        raise FileProblem(str(path), f"cannot be read ({exc.strerror or exc})") from None


def read_text(path: Path | str) -> TextFile:
    """The decoded text of the file at ``path``; ``FileProblem`` says why not."""
    return decode(_read_bytes(path), str(path))


def read_stream(stream) -> TextFile:
    """The decoded text of an open file or stdin (``-``), by the same rules as files."""
    name = getattr(stream, "name", None)
    name = "stdin" if name in (None, "<stdin>", "-") else str(name)
    raw = getattr(stream, "buffer", None) or stream
    data = raw.read(MAX_BYTES + 1)
    if isinstance(data, str):  # a text stream without a buffer (tests, StringIO)
        return TextFile(name, data.lstrip("\ufeff"), "utf-8")
    if len(data) > MAX_BYTES:
        raise FileProblem(name, f"is larger than the limit of {MAX_BYTES:,} bytes")
    return decode(data, name)


def lines(file: TextFile) -> io.StringIO:
    """The file's text as a stream of lines (for ``companion.jsonl``)."""
    stream = io.StringIO(file.text)
    stream.name = file.name  # type: ignore[attr-defined]
    return stream


def _sniff(text: str, want: str) -> str:
    header = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(text[:64 * 1024], delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    # The header has the last word: "text;label" sniffed as ',' is still semicolons.
    def names(d: str) -> list[str]:
        return [h.strip().strip('"').lower() for h in header.split(d)]

    if want not in names(delimiter):
        for other in DELIMITERS:
            if want in names(other):
                return other
    return delimiter


def _quote_left_open(text: str, line: int, delimiter: str) -> bool:
    """Does the CSV row starting at ``line`` (1-based) run to the end of ``text`` inside
    a quoted field (a double quote never closed)?"""
    rest = "\n".join(text.split("\n")[line - 1:])
    try:
        for _ in csv.reader(io.StringIO(rest), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def read_csv(
    file: TextFile, required: tuple[str, ...], *, what: str = "CSV",
    delimiter: str | None = None,
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header (lower-cased) and ``(line number, row)`` pairs of a CSV in ``file``.

    The delimiter is sniffed (``,`` ``;`` tab) unless given (a ``.tsv`` file is tab
    separated whatever commas its texts hold); ``FileProblem`` when a ``required``
    column is missing, naming the columns found and the delimiter read.
    """
    # Bare CRs too: Excel for Mac's «CSV (Macintosh)» ends its rows with them.
    text = file.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise FileProblem(file.name, "the file is empty")
    delimiter = delimiter or _sniff(text, required[0])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise FileProblem(file.name, f"{what}: {exc}", 1) from None
    missing = [c for c in required if c not in header]
    if missing:
        found = ", ".join(h for h in header if h) or "nothing"
        raise FileProblem(
            file.name,
            f"the header must name the column(s) {', '.join(required)} "
            f"(found: {found}; read as {_DELIMITER_NAMES[delimiter]}-separated)",
            1,
        )
    rows: list[tuple[int, dict[str, str]]] = []
    last_line = text.count("\n") + (not text.endswith("\n"))
    previous_end = reader.line_num
    try:
        for values in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if (
                reader.line_num == last_line > start and any("\n" in v for v in values)
                and _quote_left_open(text, start, delimiter)
            ):  # the rest of the file became one text
                raise FileProblem(
                    file.name,
                    "a double quote opened on this line is never closed (the rest of the "
                    "file was read as one text)",
                    start,
                )
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
                sep = _DELIMITER_NAMES[delimiter]
                raise FileProblem(
                    file.name,
                    f"{len(values)} fields but the header names {len(header)} (a {sep} "
                    "inside a text? put that text in double quotes)",
                    reader.line_num,
                )
            rows.append((reader.line_num, dict(zip(header, values, strict=False))))
    except csv.Error as exc:
        raise FileProblem(file.name, f"{what}: {exc}", reader.line_num) from None
    return header, rows

