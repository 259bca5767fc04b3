"""``otklik dashboard``: open the trainers' dashboard, signed in, in the browser."""

from __future__ import annotations

import click

from . import data_dir_of


@click.command()
@click.option("--no-browser", is_flag=True, help="Print the one-time link instead of opening it.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=None, envvar="OTKLIK_PORT",
    help="Port of the companion (default: the one this data dir's companion was started "
    "on, else 8765).",
)
@click.pass_context
def dashboard(ctx: click.Context, no_browser: bool, port: int | None) -> None:
    """Open the dashboard of the running companion with a one-time sign-in link.

    The link works once and for two minutes; the pairing token never appears in it.
    """
    from .. import config, open_browser, server
    from ..login import LINK_TTL_S, login_url
    from ..secrets_store import data_dir_fingerprint

    base = data_dir_of(ctx)
    # Where this data dir's companion runs: server.json (written by `otklik serve`),
    # unless --port / OTKLIK_PORT says otherwise, as for `otklik status`.
    port, health = server.running(base, config.DEFAULT_PORT, prefer=port)
    if health is None:
        raise click.ClickException(
            f"No companion answers on port {port}: start it with `otklik serve` first "
            "(`otklik status` says where this data dir's companion last ran)."
        )
    if health.get("data_dir_id") not in (None, data_dir_fingerprint(base, create=False)):
        # Its sign-in link would be refused there: another data dir's secret signs it.
        raise click.ClickException(
            f"The companion on port {port} serves another data dir; give this data dir's "
            "port with --port (or `otklik status` to find it)."
        )
    url = login_url(base, f"127.0.0.1:{port}")
    if no_browser or not open_browser.open_signed_in(base, url):
        click.echo(url)
        click.echo(f"(works once, for {LINK_TTL_S // 60} minutes)", err=True)
    else:
        click.echo(f"Opened the dashboard in the browser (http://127.0.0.1:{port}/).")


COMMANDS = [dashboard]
