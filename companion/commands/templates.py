"""`otklik templates`: import, export, list the template library; discover de-facto ones."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import config, templates_store
from ..db import connect, init
from . import data_dir_of


def _db(ctx: click.Context):
    base = data_dir_of(ctx)
    path = config.db_path(base)
    init(path)
    return connect(path)


@click.group()
def templates() -> None:
    """The template library the draft warning compares with."""


@templates.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(templates_store.FORMATS),
    help="Format of FILE (default: by extension: .csv, .json, anything else is text, "
         "one template per paragraph).",
)
@click.pass_context
def import_(ctx: click.Context, file: Path, fmt: str | None) -> None:
    """Add templates from FILE (CSV id,text; JSON; or text, one per paragraph)."""
    db = _db(ctx)
    try:
        result = templates_store.import_file(db, file, fmt)
    except templates_store.TemplateError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{file}: not UTF-8 text") from None
    finally:
        db.close()
    click.echo(
        f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged "
        f"(from {file})"
    )


@templates.command()
@click.option(
    "--format", "fmt", type=click.Choice(templates_store.FORMATS), default="csv",
    show_default=True, help="Output format.",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: stdout).",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Write the whole library as CSV, JSON or text (what `import` reads back)."""
    db = _db(ctx)
    try:
        content = templates_store.export_templates(db, fmt)
    finally:
        db.close()
    if output is None:
        click.echo(content, nl=False)
    else:
        output.write_text(content, encoding="utf-8")
        click.echo(f"written to {output}", err=True)


@templates.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Show the templates: id, source and the start of the text."""
    db = _db(ctx)
    try:
        rows = templates_store.list_templates(db)
    finally:
        db.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No templates yet: `otklik templates import FILE` adds some.")
        return
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        text = " ".join(r["text"].split())
        text = text if len(text) <= 90 else text[:87] + "..."
        click.echo(f"{r['id']:<{width}}  {r['source']:<9}  {text}")
    click.echo(f"{len(rows)} template(s)", err=True)


@templates.command()
@click.option(
    "--min-count", type=click.IntRange(2), default=3, show_default=True,
    help="Report groups of near-identical replies sent at least this many times.",
)
@click.option(
    "--threshold", type=click.FloatRange(0.5, 1.0), default=0.8, show_default=True,
    help="Similarity from which two replies count as the same text.",
)
@click.option("--add", is_flag=True, help="Add every group found to the library.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.pass_context
def discover(ctx: click.Context, min_count: int, threshold: float, add: bool,
             as_json: bool) -> None:
    """Find the team's de-facto templates among the stored replies."""
    db = _db(ctx)
    try:
        groups = templates_store.discover_groups(db, min_count, threshold)
        added = None
        if add and groups:
            added = templates_store.import_templates(
                db, [(templates_store.make_id(g["text"]), g["text"]) for g in groups],
                source="discover",
            )
    finally:
        db.close()
    if as_json:
        click.echo(json.dumps(groups, ensure_ascii=False, indent=2))
    elif not groups:
        click.echo(f"No reply was sent {min_count} or more times in near-identical words.")
    else:
        for g in groups:
            click.echo(f"{g['count']:>5}x  {' '.join(g['text'].split())}")
    if added is not None:
        click.echo(f"library: {added.added} added, {added.unchanged} already there", err=True)


COMMANDS = [templates]
