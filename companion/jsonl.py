"""JSON Lines in, JSON Lines out: the contract of `otklik classify` and `otklik check`.

Each input line is a JSON object; a bad line gets a message on stderr naming its line
number and is skipped, the other lines are still processed in order, and the caller
exits non-zero when anything failed. Lines are handled in batches, so a model scores
many texts in one call.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

T = TypeVar("T")


class LineError(ValueError):
    """A line that cannot be processed; the message says why."""


def read(stream: IO[str], parse: Callable[[dict], T]) -> Iterator[tuple[int, T | LineError]]:
    """``(line_number, parsed item or LineError)`` for each non-blank line."""
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except ValueError as exc:
            hint = ""
            if number == 1 and not raw.lstrip().startswith("{") and any(
                sep in raw for sep in ",;\t"
            ):
                hint = "; JSON Lines are expected, one {...} object per line, not CSV"
            yield number, LineError(f"not valid JSON ({exc}){hint}")
            continue
        except RecursionError:  # not a ValueError: it escaped as a traceback
            yield number, LineError("not valid JSON (nested too deeply)")
            continue
        if not isinstance(data, dict):
            yield number, LineError("a JSON object is expected")
            continue
        try:
            yield number, parse(data)
        except LineError as exc:
            yield number, exc


def run(
    stream: IO[str],
    out: IO[str],
    parse: Callable[[dict], T],
    handle: Callable[[list[T]], Iterable[dict[str, Any]]],
    *,
    batch_size: int = 256,
    err: IO[str] | None = None,
) -> int:
    """Process ``stream`` into ``out``; returns the number of bad lines."""
    return run_items(
        read(stream, parse), out, handle, name=getattr(stream, "name", None),
        batch_size=batch_size, err=err,
    )


def run_items(
    items: Iterable[tuple[int, T | LineError]],
    out: IO[str],
    handle: Callable[[list[T]], Iterable[dict[str, Any]]],
    *,
    name: str | None = None,
    batch_size: int = 256,
    err: IO[str] | None = None,
) -> int:
    """Process already parsed ``(line number, item or LineError)`` pairs (JSON Lines from
    ``read``, or the rows of a CSV) into ``out``; returns the number of bad lines.

    ``out`` is not touched when every line failed: click opens an ``--output`` file on
    first use, so a failed run leaves no empty file behind to be mistaken for a result.
    """
    err = err or sys.stderr
    failed = wrote = 0
    batch: list[T] = []

    def flush() -> None:
        nonlocal wrote
        for result in handle(batch):
            _written(out, out.write, json.dumps(result, ensure_ascii=False) + "\n")
            wrote += 1
        batch.clear()

    where = f"{name}: " if isinstance(name, str) and name not in ("<stdin>", "-") else ""
    for number, item in items:
        if isinstance(item, LineError):
            failed += 1
            err.write(f"{where}line {number}: {item}\n")
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    if wrote or not failed:  # an empty input gives an empty result, a failed one none
        _written(out, out.flush)
    return failed


def _written(out: IO[str], write: Callable, *args) -> None:
    """``write(*args)``; a failed write (a full disk) names ``out``: without a file name
    the one-line fault named the data dir's database, which was not what had filled up."""
    try:
        write(*args)
    except OSError as exc:
        name = getattr(out, "name", None)
        if not exc.filename and isinstance(name, str) and not name.startswith("<"):
            exc.filename = name  # not "<stdout>": that is startup.OneLineFaults' "the output"
        with contextlib.suppress(OSError):  # closed now: click's closing it would raise
            out.close()                     # a nameless copy of this error
        raise


def field(
    data: dict,
    key: str,
    kinds: tuple[type, ...],
    *,
    required: bool = True,
    max_len: int | None = None,
) -> Any:
    """One field of a line, checked; the LineError names the field."""
    value = data.get(key)
    if value is None:
        if required:
            raise LineError(f'"{key}" is required')
        return None
    if isinstance(value, bool) or not isinstance(value, kinds):
        names = " or ".join({str: "a string", int: "a number"}.get(k, k.__name__) for k in kinds)
        raise LineError(f'"{key}" must be {names}')
    if max_len is not None and isinstance(value, str) and len(value) > max_len:
        raise LineError(f'"{key}" is longer than {max_len} characters')
    return value
