"""`otklik templates`: import, export, list the template library; discover de-facto ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click

from ..storage import store_url
from ..storage import templates as templates_store
from ..storage.per_request import open_store
from ..textfile import FileProblem
from . import data_dir_of


def _db(ctx: click.Context):
    """A connection to the data dir's store (closed by the caller); the engine is let
    go when the command ends."""
    engine = open_store(store_url(data_dir_of(ctx)))
    ctx.call_on_close(engine.dispose)
    return engine.connect()


@click.group()
def templates() -> None:
    """The template library the draft warning compares with."""


LAST_IMPORT = "last_import.json"  # in the data dir: what `templates undo` takes back


@templates.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(templates_store.FORMATS),
    help="Format of FILE (default: by extension: .csv, .json; any other name by its "
         "content: a JSON list, a CSV header naming 'text', else text, one template per "
         "paragraph).",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.pass_context
def import_(ctx: click.Context, file: Path, fmt: str | None, dry_run: bool) -> None:
    """Add templates from FILE (CSV with a text column; JSON; or text, one per paragraph).

    CSV may be comma, semicolon or tab separated; UTF-8 (with or without BOM) or cp1251.
    `otklik templates undo` takes the last import back.
    """
    try:
        items = templates_store.read_file(file, fmt)
    except (templates_store.TemplateError, FileProblem) as exc:
        raise click.ClickException(str(exc)) from None
    ignored = getattr(items, "ignored_columns", [])
    if ignored:
        click.echo(
            f"{file}: ignored column(s): {', '.join(ignored)} (a template list has "
            "only id and text; is this the right file?)",
            err=True,
        )
    db = _db(ctx)
    try:
        if dry_run:
            result = templates_store.plan_import(db, items)
        else:
            result = templates_store.import_templates(db, items)
    finally:
        db.close()
    verb = "would be " if dry_run else ""
    click.echo(
        f"{result.added} {verb}added, {result.updated} {verb}updated, "
        f"{result.unchanged} unchanged (from {file})"
    )
    if dry_run:
        for item_id in result.added_ids[:20]:
            text = dict(items)[item_id]
            click.echo(f"  + {item_id}  {_short(text)}")
        for item_id in list(result.previous)[:20]:
            click.echo(f"  ~ {item_id}  {_short(dict(items)[item_id])}")
        click.echo("nothing changed (--dry-run)", err=True)
        return
    if result.added or result.updated:
        _write_journal(data_dir_of(ctx), file, result)
        click.echo("`otklik templates undo` takes this import back", err=True)


def _short(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _write_journal(base: Path, file: Path, result: templates_store.ImportResult) -> None:
    path = base / LAST_IMPORT
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(
            {"file": str(file), "added": result.added_ids, "previous": result.previous},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    tmp.replace(path)  # whole or not at all


@templates.command()
@click.pass_context
def undo(ctx: click.Context) -> None:
    """Take back the last `templates import` that changed something: remove what it added,
    restore what it changed. An import that added and changed nothing is not recorded, so
    undo after it takes back the import before it."""
    base = data_dir_of(ctx)
    path = base / LAST_IMPORT
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise click.ClickException("no import to undo (none since the last undo)") from None
    except ValueError:
        raise click.ClickException(f"{path}: not a readable import record") from None
    if not (isinstance(journal, dict) and isinstance(journal.get("added"), list)
            and isinstance(journal.get("previous"), dict)
            and all(isinstance(i, str) for i in journal["added"])
            and all(isinstance(v, str) for v in journal["previous"].values())):
        # Valid JSON of another shape (an edited or foreign file) was a traceback.
        raise click.ClickException(f"{path}: not a readable import record "
                                   '(expected {"file", "added": [ids], "previous": {id: text}})')
    db = _db(ctx)
    try:
        removed, restored = templates_store.undo_import(
            db, journal["added"], journal["previous"]
        )
    finally:
        db.close()
    path.unlink()
    gone = len(journal["added"]) + len(journal["previous"]) - removed - restored
    click.echo(
        f"import of {journal['file']} undone: {removed} removed, {restored} restored"
        + (f" ({gone} removed since the import: nothing to take back)" if gone else "")
    )


@templates.command()
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
def remove(ctx: click.Context, ids: tuple[str, ...]) -> None:
    """Delete templates by id (`otklik templates list` shows the ids)."""
    db = _db(ctx)
    try:
        missing = [i for i in ids if not templates_store.delete_template(db, i)]
    finally:
        db.close()
    removed = len(ids) - len(missing)
    click.echo(f"{removed} template(s) removed")
    if missing:
        raise click.ClickException(f"no template with id {', '.join(missing)}")


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
        # A CSV file gets a BOM: Excel, where trainers open it, reads UTF-8 without one
        # as the ANSI code page (cp1251: mojibake); `import` skips it. Stdout stays plain
        # for pipes.
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        if output.exists() and not output.is_file():
            # A device or a pipe (/dev/stdout): written to, never replaced by a file.
            try:
                output.write_text(content, encoding=encoding)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(output)) from None
        else:
            # Whole or not at all: written in place, a full disk left the previous export
            # cut short (the library's only copy outside the store, for some).
            target = output.resolve()  # a symbolic link's file, not the link
            tmp = target.with_name(f".{target.name}.tmp")
            try:
                tmp.write_text(content, encoding=encoding)
                if target.exists():
                    shutil.copymode(target, tmp)  # a 0600 export stays 0600
                tmp.replace(target)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise OSError(exc.errno, exc.strerror, str(output)) from None
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


def _a_number(param: click.Parameter, value: float) -> float:
    # click's FloatRange lets NaN through (no comparison with it is true): discover then
    # found nothing and said «No reply was sent 3 or more times».
    if value != value:
        raise click.BadParameter("must be a number from 0.5 to 1", param=param)
    return value


@templates.command()
@click.option(
    "--min-count", type=click.IntRange(2), default=3, show_default=True,
    help="Report groups of near-identical replies sent at least this many times.",
)
@click.option(
    "--threshold", type=click.FloatRange(0.5, 1.0), default=0.8, show_default=True,
    help="Similarity from which two replies count as the same text.",
    callback=lambda _ctx, param, value: _a_number(param, value),
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
