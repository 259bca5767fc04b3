"""Subcommands of ``otklik`` beyond serve/status/token, one module per concern.

Each module listed in ``companion.cli.COMMAND_MODULES`` exposes ``COMMANDS``, a list
of click commands; they read the data dir with ``companion.commands.data_dir_of(ctx)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path, PurePath
from typing import TypeVar

import click

DATA_DIR_KEY = "otklik.data_dir"
T = TypeVar("T")


def data_dir_of(ctx: click.Context, *, create: bool = True) -> Path:
    """The data dir chosen by ``--data-dir`` (given before or after the subcommand),
    else ``$OTKLIK_DATA_DIR``, else the user's; created on first use unless ``create``
    is false."""
    from ..config import data_dir

    chosen = ctx.meta.get(DATA_DIR_KEY) or ctx.find_root().params.get("data_dir")
    try:
        return data_dir(chosen, create=create)
    except OSError as exc:  # a parent that is a file, no permission, a read-only disk
        where = exc.filename or chosen
        raise click.ClickException(
            f"data dir {where}: cannot create it ({exc.strerror or exc}); "
            "choose another with --data-dir"
        ) from None


def _remember_data_dir(ctx: click.Context, _param: click.Parameter, value):
    if value is not None:
        ctx.meta[DATA_DIR_KEY] = value  # ctx.meta is shared by the whole command chain
    return value


def data_dir_option() -> click.Option:
    """``--data-dir`` for a subcommand, so `otklik status --data-dir D` works too."""
    return click.Option(
        ["--data-dir"], type=click.Path(file_okay=False), expose_value=False,
        is_eager=True, callback=_remember_data_dir,
        help="Folder for the database, token and models (also before the subcommand).",
    )


def add_data_dir_option(command: click.Command) -> None:
    """Give ``command`` and every subcommand under it its own ``--data-dir``."""
    if not any(p.name == "data_dir" for p in command.params):
        command.params.append(data_dir_option())
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_data_dir_option(sub)


def read_input_file(stream):
    """An input file (or stdin) decoded whatever its encoding (a ``textfile.TextFile``);
    a file that cannot be read stops the command with the one-line reason."""
    from .. import textfile

    try:
        return textfile.read_stream(stream)
    except textfile.FileProblem as exc:
        raise click.ClickException(str(exc)) from None


def is_csv(file) -> bool:
    """CSV by the file's extension, else by its first line: not a JSON object and split
    by ``,`` ``;`` or tab (a CSV whose header lacks ``text`` then gets the one-line
    header error rather than "not valid JSON" for every line)."""
    suffix = PurePath(file.name).suffix.lower()
    if suffix in (".csv", ".tsv"):
        return True
    if suffix in (".jsonl", ".ndjson", ".json"):
        return False
    first = next((line for line in file.text.splitlines() if line.strip()), "").strip()
    if first.strip('"').lower() == "text":  # a one-column CSV: no separator to see
        return True
    return not first.startswith(("{", "[")) and any(sep in first for sep in ",;\t")


def csv_items(file, parse: Callable[[dict], T], columns: tuple[str, ...]) -> Iterator[tuple]:
    """``(line, item or LineError)`` for each row of a CSV with a ``text`` column (the
    other ``columns`` when present), read by ``companion.textfile`` as ``templates
    import`` and ``train`` read theirs. A broken file (a row with more fields than the
    header, a quote never closed) stops the command before anything is written; a bad
    row is reported and skipped like a bad JSON line. Without an ``id`` column a row's
    id is its line number in the file. A ``.tsv`` is read as tab separated."""
    from .. import jsonl, textfile

    try:
        tab = PurePath(file.name).suffix.lower() == ".tsv"
        header, rows = textfile.read_csv(file, ("text",), delimiter="\t" if tab else None)
    except textfile.FileProblem as exc:
        raise click.ClickException(str(exc)) from None
    for line, row in rows:
        data = {k: v for k, v in row.items() if k in columns and v.strip()}
        data.setdefault("text", "")  # an empty cell: the parser's "empty", not "required"
        if "id" not in header:
            data["id"] = line
        try:
            yield line, parse(data)
        except jsonl.LineError as exc:
            yield line, exc


def read_items(stream, parse: Callable[[dict], T], columns: tuple[str, ...]):
    """``(file, items)`` of an input file (or stdin): JSON Lines, or a CSV with a
    ``text`` column (``is_csv``), each line or row as ``(line number, parse(...) or
    LineError)`` for ``jsonl.run_items`` — one reader for `classify` and `check`, so a
    trainer's spreadsheet works with both."""
    from .. import jsonl, textfile

    file = read_input_file(stream)
    if is_csv(file):
        return file, csv_items(file, parse, columns)
    return file, jsonl.read(textfile.lines(file), parse)
