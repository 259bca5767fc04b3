"""`otklik check`: template similarity and clichés of drafts, JSON Lines in and out."""

from __future__ import annotations

import click

from .. import drafts, jsonl
from ..storage import connect_data_dir
from ..storage.templates import MAX_TEXT
from . import data_dir_of, read_input


def _parse(data: dict) -> dict:
    item_id = jsonl.field(data, "id", (str, int))
    text = jsonl.field(data, "text", (str,), max_len=MAX_TEXT)
    return {"id": item_id, "text": text}


@click.command()
@click.option(
    "--input", "input_", type=click.File("rb"), default="-",
    help="JSON Lines file of {id, text} (default: stdin).",
)
@click.option(
    "--output", type=click.File("w", encoding="utf-8"), default="-",
    help="Where to write one result per line (default: stdout).",
)
@click.pass_context
def check(ctx: click.Context, input_, output) -> None:
    """Check drafts against the templates and replies stored in the data dir.

    Output lines: {"id", "score", "level", "templated", "nearest_id", "cliches"}, in
    input order; "templated" is true when the level is warn or high. A bad line is
    reported on stderr with its number and skipped; the exit code is 1 when any line
    failed.
    """
    base = data_dir_of(ctx)
    def handle(batch: list[dict]):
        for item in batch:
            result = drafts.check_draft(db, item["text"], data_dir=base, with_coach=False)
            yield {
                "id": item["id"],
                "score": result["score"],
                "level": result["level"],
                "templated": result["level"] != "ok",
                "nearest_id": result["nearest"]["id"] if result["nearest"] else None,
                "cliches": result["cliches"],
            }

    with connect_data_dir(base) as db:
        failed = jsonl.run(read_input(input_), output, _parse, handle)
    if failed:
        click.echo(f"{failed} line(s) failed; see the messages above", err=True)
        ctx.exit(1)


COMMANDS = [check]
