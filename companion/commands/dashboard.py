"""``otklik dashboard``: open the trainers' dashboard, signed in, in the browser."""

from __future__ import annotations

import click

from . import data_dir_of


@click.command()
@click.option("--no-browser", is_flag=True, help="Print the one-time link instead of opening it.")
@click.pass_context
def dashboard(ctx: click.Context, no_browser: bool) -> None:
    """Open the dashboard of the running companion with a one-time sign-in link.

    The link works once and for two minutes; the pairing token never appears in it.
    """
    from .. import config, open_browser, server
    from ..login import LINK_TTL_S, login_url

    base = data_dir_of(ctx)
    port, health = server.running(base, config.DEFAULT_PORT)
    if health is None:
        raise click.ClickException(
            f"No companion answers on port {port}: start it with `otklik serve` first."
        )
    url = login_url(base, f"127.0.0.1:{port}")
    if no_browser or not open_browser.open_signed_in(base, url):
        click.echo(url)
        click.echo(f"(works once, for {LINK_TTL_S // 60} minutes)", err=True)
    else:
        click.echo(f"Opened the dashboard in the browser (http://127.0.0.1:{port}/).")


COMMANDS = [dashboard]
