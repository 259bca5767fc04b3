"""`otklik check`: template similarity and clichés of drafts; JSON Lines or CSV in,
JSON Lines out."""

from __future__ import annotations

import click

from .. import drafts, jsonl
from ..storage import connect_data_dir
from ..storage.templates import MAX_TEXT
from . import data_dir_of, read_items

COLUMNS = ("id", "text")


def _parse(data: dict) -> dict:
    item_id = jsonl.field(data, "id", (str, int))
    text = jsonl.field(data, "text", (str,), max_len=MAX_TEXT)
    return {"id": item_id, "text": text}


@click.command()
@click.option(
    "--input", "input_", type=click.File("rb"), default="-",
    help="JSON Lines of {id, text}, or a CSV with a text column (and id): .csv/.tsv or "
    "a header naming text; comma, semicolon or tab; UTF-8 or cp1251 (default: stdin).",
)
@click.option(
    "--output", type=click.File("w", encoding="utf-8"), default="-",
    help="Where to write one result per line (default: stdout).",
)
@click.pass_context
def check(ctx: click.Context, input_, output) -> None:
    """Check drafts against the templates and replies stored in the data dir.

    Output lines: {"id", "score", "level", "templated", "nearest_id", "nearest_kind",
    "cliches"}, in input order; "templated" is true when the level is warn or high;
    "nearest_kind" says whether "nearest_id" is a library template ("template", as in
    `otklik templates list`) or a stored reply ("reply"). A CSV without an id column
    gets each row's line number as its id. A bad line or CSV row is reported on stderr
    with its number and skipped; the exit code is 1 when any line failed.
    """
    base = data_dir_of(ctx)

    def handle(batch: list[dict]):
        for item in batch:
            result = drafts.check_draft(db, item["text"], data_dir=base, with_coach=False)
            nearest = result["nearest"]
            yield {
                "id": item["id"],
                "score": result["score"],
                "level": result["level"],
                "templated": result["level"] != "ok",
                "nearest_id": nearest["id"] if nearest else None,
                # A reply's id is not in the library: without this a trainer looked for
                # "4" in `otklik templates list` (the API answers it as nearest.source).
                "nearest_kind": nearest["source"] if nearest else None,
                "cliches": result["cliches"],
            }

    file, items = read_items(input_, _parse, COLUMNS)
    with connect_data_dir(base) as db:
        failed = jsonl.run_items(items, output, handle, name=file.name)
    if failed:
        click.echo(f"{failed} line(s) failed; see the messages above", err=True)
        ctx.exit(1)


COMMANDS = [check]
