"""`otklik models`: the tone models of this data dir, their figures and licenses; switch."""

from __future__ import annotations

import json

import click

from . import data_dir_of


def _figure(figures: dict, key: str) -> str:
    value = figures.get(key, {}).get("macro_f1")
    return f"{value:.3f}" if isinstance(value, float) else "-"


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.pass_context
def models(ctx: click.Context, as_json: bool) -> None:
    """List the tone models (shipped and your own) with their figures and licenses.

    Figures are macro-F1: for the shipped model on its validation sets (docs/tone.md),
    for your own on your rows held out (cross-validated) and on the bundled sanity set.
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..model_registry import tone_models

    rows = tone_models(data_dir_of(ctx, create=False))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for m in rows:
        mark = "*" if m["active"] else " "
        if m["shipped"]:
            figs = ", ".join(f"{k} {v['macro_f1']:.3f}" for k, v in m["figures"].items())
            click.echo(f"{mark} {m['id']:<28} shipped     {figs or '-'}")
        else:
            click.echo(
                f"{mark} {m['id']:<28} {m['created_at'] or '':<10.10}  "
                f"your rows held out {_figure(m['figures'], 'team_cv')}, "
                f"sanity set {_figure(m['figures'], 'sanity')}"
            )
        click.echo(f"    license: {m['license'] or 'unknown'}")
        decision = m.get("decision") or {}
        if decision and not m["active"] and not decision.get("activated"):
            click.echo(f"    not used when trained: {decision.get('reason')}")
        if m["note"]:
            click.echo(f"    cannot be used: {m['note']}")
    from ..models_info import model_info

    persona = model_info(data_dir_of(ctx, create=False)).get("persona", {})
    weak = (persona.get("metrics") or {}).get("weak_validation_macro_f1")
    click.echo(f"  {persona.get('id', 'persona'):<28} persona, shipped (not retrained here)"
               + (f"; weak-label validation {weak:.3f}" if isinstance(weak, float) else ""))
    click.echo(f"    license: {persona.get('license') or 'unknown'}")
    click.echo("* in use.  `otklik models use ID` switches (`use shipped` goes back).", err=True)


@models.command()
@click.argument("model_id", metavar="ID")
@click.pass_context
def use(ctx: click.Context, model_id: str) -> None:
    """Make model ID the tone model in use (`shipped` for the shipped one)."""
    from ..model_registry import ModelError, set_active

    try:
        before, after = set_active(data_dir_of(ctx), model_id)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    if before == after:
        click.echo(f"{after} was already in use.")
        return
    click.echo(
        f"{after} is in use now (was {before}). A running companion uses it from its next "
        f"request, no restart needed; `otklik models use {before}` goes back."
    )


COMMANDS = [models]
