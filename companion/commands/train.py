"""`otklik train`: a team's tone model, used when it does better (``companion.retrain``)."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import text

from .. import textfile
from ..storage import connect_data_dir
from . import data_dir_of


def corrections(base: Path) -> list[tuple[str, str]]:
    """The trainers' tone corrections that carry the comment's text, latest per comment."""
    with connect_data_dir(base, create=False) as db:
        if db is None:
            return []
        rows = db.execute(text(
            """
            SELECT COALESCE(c.text, k.text) AS text, c.value AS label
            FROM corrections c
            LEFT JOIN comments k ON k.platform = c.platform AND k.comment_id = c.comment_id
            WHERE c.field = 'tone' AND c.id = (
                SELECT MAX(id) FROM corrections
                WHERE platform = c.platform AND comment_id = c.comment_id AND field = 'tone')
            """
        )).mappings().all()
    return [(r["text"], r["label"]) for r in rows if r["text"] and r["text"].strip()]


# The labels a Russian team types: the word, and its adjective in every gender and as
# a short adverb («нейтрально»), «отрицательный»/«положительный» beside them.
RUSSIAN_LABELS = {
    **dict.fromkeys(("негатив", "негативный", "негативная", "негативное", "негативно",
                     "отрицательный", "отрицательная", "отрицательное", "отрицательно"),
                    "negative"),
    **dict.fromkeys(("нейтрал", "нейтраль", "нейтральный", "нейтральная", "нейтральное",
                     "нейтрально"), "neutral"),
    **dict.fromkeys(("позитив", "позитивный", "позитивная", "позитивное", "позитивно",
                     "положительный", "положительная", "положительное", "положительно"),
                    "positive"),
}


def read_rows(path: Path) -> list[tuple[str, str]]:
    """``(text, label)`` rows of a labelled CSV (any encoding and delimiter
    ``companion.textfile`` reads); ``FileProblem`` names the file, line and what is wrong."""
    from model.tone import LABELS

    file = textfile.read_text(path)
    head = file.text.lstrip()[:1]
    if head in ("{", "["):
        raise textfile.FileProblem(
            file.name, "this is JSON, not a CSV with the columns text and label", 1
        )
    _header, raw = textfile.read_csv(file, ("text", "label"))
    rows = []
    for line, row in raw:
        text = (row.get("text") or "").strip()
        given = (row.get("label") or "").strip().lower()
        label = RUSSIAN_LABELS.get(given.replace("ё", "е"), given)
        if not text:
            raise textfile.FileProblem(file.name, "empty text", line)
        if label not in LABELS:
            raise textfile.FileProblem(
                file.name, f"label {given!r} is not one of {', '.join(LABELS)} "
                "(or негатив, нейтрально, позитив)", line
            )
        rows.append((text, label))
    if not rows:
        raise textfile.FileProblem(file.name, "no rows under the header")
    return rows


@click.command()
@click.option(
    "--data",
    "data_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of the team's labelled comments: columns text,label (negative, neutral or "
    "positive, or негатив, нейтрально, позитив); comma, semicolon or tab separated; "
    "UTF-8 or cp1251.",
)
@click.option(
    "--with-corrections",
    is_flag=True,
    help="Also learn from the tone corrections trainers made in the dashboard.",
)
@click.option(
    "--base",
    type=click.Choice(["shipped", "none"]),
    default="shipped",
    show_default=True,
    help="Adapt the shipped model to your rows (shipped), or learn from your rows alone "
    "(none: no shipped model's license applies).",
)
@click.option("--force", is_flag=True, help="Use the new model even if it is not better.")
@click.option("--seed", type=int, default=13, show_default=True, help="Random seed.")
@click.pass_context
def train(
    ctx: click.Context, data_file: Path | None, with_corrections: bool, base: str,
    force: bool, seed: int,
) -> None:
    """Train a tone model on your labelled comments; used only if it does better.

    The new model is compared with the model in use on held-out rows of your data and
    on a small bundled sanity set; it becomes the model in use only when it is better
    (or with --force). A running companion uses it from its next request, no restart.
    `otklik models` lists the models; `otklik models use ID` switches back.
    """
    from model import artifacts

    from .. import retrain

    base_dir = data_dir_of(ctx)
    extra = corrections(base_dir) if with_corrections else []
    if data_file is None and not extra:
        if with_corrections:
            raise click.UsageError(
                "trainers have not corrected any comment's tone yet (the dashboard's "
                "reply page does that); give --data FILE.csv to train on a file"
            )
        raise click.UsageError(
            "give --data FILE.csv (columns text,label), or --with-corrections when "
            "trainers have corrected some comments' tone in the dashboard"
        )
    try:
        rows = read_rows(data_file) if data_file is not None else []
    except textfile.FileProblem as exc:
        raise click.ClickException(str(exc)) from None
    source = data_file.name if data_file is not None else "trainers' corrections"
    click.echo(f"training on {len(rows) + len(extra)} rows from {source}"
               + (f" and {len(extra)} trainers' corrections" if rows and extra else "")
               + " ...", err=True)
    try:
        outcome = retrain.retrain(
            base_dir, rows + extra, kind=base, source_name=source, seed=seed, force=force,
            source_sha256=artifacts.file_sha256(data_file) if data_file and not extra
            else None,
        )
    except ValueError as exc:
        where = f"{data_file}: " if data_file is not None else ""
        raise click.ClickException(f"{where}{exc}") from None
    c, a = outcome.figures["candidate"], outcome.figures["in_use"]
    click.echo(f"trained {outcome.model_id}"
               + (" (adapts the shipped model)" if base == "shipped" else " (your rows only)"))
    click.echo(f"                       {'new':>8}  {outcome.compared_with:>12}")
    click.echo(f"  your rows, held out  {c['team_heldout_macro_f1']:8.3f}  "
               f"{a['team_heldout_macro_f1']:12.3f}   (macro-F1)")
    click.echo(f"  sanity set           {c['sanity_macro_f1']:8.3f}  "
               f"{a['sanity_macro_f1']:12.3f}   (macro-F1)")
    click.echo(f"  license: {artifacts.license_text(outcome.meta['license'])}")
    if outcome.activated and outcome.meta["decision"]["forced"]:
        click.echo(f"in use now (--force), although {outcome.reason}.")
    elif outcome.activated:
        click.echo(f"in use now: {outcome.reason}.")
    else:
        click.echo(f"NOT in use: {outcome.reason}. {outcome.compared_with} stays in use; "
                   f"`otklik models use {outcome.model_id}` (or train with --force) "
                   "switches anyway.")
        return
    click.echo("A running companion uses it from its next request (no restart needed); "
               f"`otklik models use {outcome.compared_with}` goes back.")


COMMANDS = [train]
