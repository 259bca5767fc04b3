"""`otklik train`: a tone model of the team's own, used by the companion from then on."""

from __future__ import annotations

import csv
from pathlib import Path

import click

from ..config import db_path, models_dir
from ..db import connect
from ..models_info import CUSTOM_TONE
from . import data_dir_of


def corrections(base: Path) -> list[tuple[str, str]]:
    """The trainers' tone corrections that carry the comment's text, latest per comment."""
    path = db_path(base)
    if not path.exists():
        return []
    db = connect(path)
    try:
        rows = db.execute(
            """
            SELECT COALESCE(c.text, k.text) AS text, c.value AS label
            FROM corrections c
            LEFT JOIN comments k ON k.platform = c.platform AND k.comment_id = c.comment_id
            WHERE c.field = 'tone' AND c.id = (
                SELECT MAX(id) FROM corrections
                WHERE platform = c.platform AND comment_id = c.comment_id AND field = 'tone')
            """
        ).fetchall()
    finally:
        db.close()
    return [(r["text"], r["label"]) for r in rows if r["text"] and r["text"].strip()]


@click.command()
@click.option(
    "--data",
    "data_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of the team's labelled comments: columns text,label (negative, neutral or positive).",
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
    help="Add the shipped model's training corpora when they are on this machine "
    "(shipped) or learn from your rows alone (none).",
)
@click.option("--seed", type=int, default=13, show_default=True, help="Random seed.")
@click.pass_context
def train(
    ctx: click.Context, data_file: Path | None, with_corrections: bool, base: str, seed: int
) -> None:
    """Train a tone model on your own labelled comments; the companion then uses it.

    The new model is written to the data dir's models/ folder; restart `otklik serve`
    to pick it up. Delete models/tone_custom.joblib to go back to the shipped model.
    """
    from model import training

    base_dir = data_dir_of(ctx)
    extra = corrections(base_dir) if with_corrections else []
    if data_file is None and not extra:
        raise click.UsageError(
            "give --data FILE.csv, or --with-corrections when trainers "
            "have corrected some comments' tone"
        )
    out = models_dir(base_dir) / CUSTOM_TONE
    try:
        if data_file is not None:
            meta = training.train_tone_from_csv(data_file, out, base=base, seed=seed, extra=extra)
        else:
            meta = training.train_tone_from_rows(
                extra, out, base=base, seed=seed, source_name="trainers' corrections"
            )
    except (ValueError, csv.Error, UnicodeDecodeError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"trained {meta['id']} on {', '.join(meta['trained_on'])}")
    if extra:
        click.echo(f"  including {len(extra)} trainers' corrections")
    for name, value in (meta.get("metrics") or {}).get("user_holdout", {}).items():
        if isinstance(value, float):
            click.echo(f"  held-out {name}: {value:.3f}")
    for note in meta.get("notes", []):
        click.echo(f"  note: {note}")
    click.echo(f"  license: {meta['license']}")
    click.echo(f"written to {out}; restart `otklik serve` to use it")


COMMANDS = [train]
