"""The ``otklik`` command: serve the companion, and everything around it."""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import sys

import click

from . import __version__, backup, config, secrets_store, server, warmup
from .commands import add_data_dir_option, data_dir_of
from .startup import STORE_META, OneLineFaults
from .storage import STORE_ENV, describe, page_health

SWITCH_INTERVAL_S = float(os.environ.get("OTKLIK_SWITCH_INTERVAL", "0.001"))

COMMAND_MODULES: list[str] = [
    "companion.commands.classify",
    "companion.commands.train",
    "companion.commands.templates",
    "companion.commands.check",
    "companion.commands.models",
    "companion.commands.autostart",
    "companion.commands.dashboard",
    "companion.commands.team",
]


@click.group(cls=OneLineFaults, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="otklik")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    envvar=config.DATA_DIR_ENV,
    show_envvar=True,
    help="Folder for the database, token and trained models (default: the user's data dir).",
)
def cli(data_dir: str | None) -> None:
    """otklik: reply hints and reply timings for social-media care teams."""


def configure_logging() -> None:
    """`otklik serve`'s log: otklik's INFO lines in the operator's window, without
    pymorphy3's («Loading dictionaries from …», «format: 2.4, revision: …»), which
    it logs at INFO whenever its dictionary loads and which tell an operator nothing."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("pymorphy3").setLevel(logging.WARNING)


@cli.command()
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=config.DEFAULT_PORT,
    envvar=config.PORT_ENV,
    show_default=True,
    show_envvar=True,
    help="Port on 127.0.0.1 to listen on.",
)
@click.option(
    "--host",
    type=click.Choice(["127.0.0.1", "::1", "localhost"]),
    default="127.0.0.1",
    show_default=True,
    help="Loopback address to listen on; the companion never listens on the network.",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Worker threads answering requests.",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 16),
    default=None,
    envvar="OTKLIK_WORKERS",
    show_envvar=True,
    help="Processes that analyse comments (/analyze), each with the models loaded "
    "(150-230 MB each); 0 analyses in the server's threads. [default: 1 on up to 2 "
    "cores, else 2]",
)
@click.option(
    "--no-browser",
    is_flag=True,
    envvar=config.NO_BROWSER_ENV,
    show_envvar=True,
    help="Do not open the browser at start-up (it opens, signed in, only while no browser "
    "has signed in to this data dir); the banner's sign-in link still works.",
)
@click.option(
    "--store",
    envvar=STORE_ENV,
    show_envvar=True,
    metavar="URL",
    help="The team's store, postgresql://USER:PASSWORD@HOST/DB (team mode; default: "
    "team.json in the data dir, written by `otklik team join`, else the data dir's SQLite "
    "file).",
)
@click.pass_context
def serve(
    ctx: click.Context, port: int, host: str, threads: int, workers: int | None,
    no_browser: bool, store: str | None,
) -> None:
    """Start the companion for the browser extension and the trainers' dashboard."""
    from . import analysis_pool, login, open_browser
    from .app import create_app

    configure_logging()
    server.tune_malloc()  # before the worker threads and the models allocate
    os.umask(0o077)  # every file the server makes (SQLite's too) is the user's alone
    # What this run would create: removed again if the port turns out to be taken, so a
    # failed start leaves no new data dir behind (an existing one is never touched).
    made = server.first_missing(data_dir_of(ctx, create=False))
    base = data_dir_of(ctx)
    # One companion per data dir, whatever its port: a second one on the same store
    # would overwrite server.json, and once it stopped `otklik status` and `otklik
    # dashboard` lost the first. Taken before anything is opened or written.
    held = server.hold_data_dir(base)
    if held is None:
        address = server.recorded_address(base)
        raise click.ClickException(
            f"this data dir's companion is already running at {address} (`otklik status` "
            "says so too); open that address, or stop it first" if address else
            "this data dir's companion is already running (it is starting, or server.json "
            "is unreadable; `otklik status` looks for it); stop it first"
        )
    ctx.meta[STORE_META] = store
    app = create_app({"DATA_DIR": base, "PORT": port, "STORE": store})
    try:
        srv = server.make_server(app, "127.0.0.1" if host == "localhost" else host, port, threads)
    except server.PortTaken as exc:
        held.release()  # before the folder it lies in may be removed (Windows)
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
        elif server.mine_runs_on(base, port):
            raise click.ClickException(
                f"this data dir's companion is already running at "
                f"http://{f'[{host}]' if ':' in host else host}:{port} "
                "(`otklik status` says so too); open that address, or stop it first"
            ) from None
        raise click.ClickException(str(exc)) from None
    problem = server.try_write_server_info(base, host, port)
    if problem:
        click.echo(f"warning: {problem}", err=True)
    if workers is None:
        workers = analysis_pool.default_workers()
    pool = analysis_pool.start(base, workers)  # the workers load the models meanwhile
    if pool is not None:
        app.extensions[analysis_pool.APP_KEY] = pool
    warmup.start(app)
    # SQLite: a copy a day in the data dir. PostgreSQL: the server's own backups
    # (pg_dump; docs/architecture.md, Storage).
    stop_backups = backup.start(app.config["DATABASE"], base) if app.config["DATABASE"] else None
    shown = f"[{host}]" if ":" in host else host
    netloc = f"{shown}:{port}"
    opened = False
    if not no_browser and not login.browser_signed_in(app):
        # The first start (or the first since the browser signed out): the operator's
        # browser opens signed in, so pairing needs no terminal command.
        opened = open_browser.open_signed_in(base, login.startup_url(app, netloc), wait=False)
    click.echo(f"otklik {__version__} is listening on http://{netloc}")
    click.echo(f"  dashboard:  http://{netloc}/"
               + ("  (opening it in your browser, signed in)" if opened else ""))
    click.echo(f"  sign in:    {login.startup_url(app, netloc)}")
    click.echo(f"              (this browser link works once, for "
               f"{login.STARTUP_LINK_TTL_S // 60} minutes, until otklik stops)")
    click.echo(f"  data dir:   {base}")
    click.echo(f"  store:      {describe(app.config['STORE_URL'])}")
    click.echo(
        "  pairing:    press «Подключить» in the extension's options (or open "
        f"http://{netloc}/pair); a token to paste: `otklik token`"
    )
    click.echo("Press Ctrl+C to stop.")
    sys.stdout.flush()  # the banner (and its link) at once, also into a log file
    # With --workers 0 analysis holds the GIL in the server's threads, and a waiting
    # thread gets it back only every switch interval (5 ms by default, several
    # hand-overs per request): a shorter one keeps /health quick. See docs/api.md.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    try:
        # Ctrl+C and SIGTERM end it (exit status 0)
        server.serve_until_stopped(srv, on_stop=pool.stop if pool is not None else None)
    finally:
        server.ignore_stop_signals()  # the process ends below; only the stop line shows
        # Not running any more, before the copy below: killed during it (a process
        # manager's timeout), server.json must not name this dead pid as running.
        server.clear_server_info(base)
        (base / config.OPEN_PAGE_NAME).unlink(missing_ok=True)
        if stop_backups is not None:
            # A last copy if anything was stored since the last one, within its own
            # budget (backup.STOP_BUDGET_S): whole, or given up leaving nothing.
            stop_backups.stop()
        click.echo("otklik stopped.")
    server.exit_now(0)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=None, envvar=config.PORT_ENV,
    help="Port to look at (default: the one this data dir's companion was started on, "
    "else 8765).",
)
@click.pass_context
def status(ctx: click.Context, as_json: bool, port: int | None) -> None:
    """Is this data dir's companion running, where the data is, which models are in use.

    Creates nothing: a data dir that does not exist yet is reported as such.
    """
    from .models_info import model_info

    base = data_dir_of(ctx, create=False)
    given = port is not None
    port, health = server.running(base, port or config.DEFAULT_PORT, prefer=port)
    mine = secrets_store.data_dir_fingerprint(base, create=False) if base.is_dir() else None
    theirs = (health or {}).get("data_dir_id")
    # Not otklik, yet something takes connections there: the program `otklik serve`'s
    # «Port … is taken» meant, so status must not say that nothing answers.
    stranger = health is None and server.listens("127.0.0.1", port)
    if health is None:
        # Which port was looked at, and why there: who chose another port needs to know.
        why = ("the port given by --port or OTKLIK_PORT" if given
               else "where this data dir's companion last ran"
               if (base / config.SERVER_INFO_NAME).exists() else "the default port")
        what = (f"another program, not otklik, answers on port {port}" if stranger
                else f"nothing answers on port {port}")
        state, running = (f"not running ({what}, {why}; "
                          "`otklik status --port P` looks on another)"), False
    elif theirs is None:
        state, running = (f"unknown: otklik {health.get('version')} on port {port} does not "
                          "say which data dir it serves"), False
    elif theirs == mine:
        state, running = f"running on http://127.0.0.1:{port}", True
    else:
        state, running = (f"not running for this data dir (the companion on port {port} "
                          "serves another data dir)"), False
    models = model_info(base)
    exists = base.is_dir()
    store = _store(base, health if running else None)
    misses = _page_health(base)
    from .team.join import joined

    team = joined(base)
    if as_json:
        import json

        click.echo(
            json.dumps(
                {
                    "version": __version__,
                    "running": running,
                    "port": port,
                    "other_companion_on_port": health is not None and not running,
                    "other_program_on_port": stranger,
                    "data_dir": str(base),
                    "data_dir_exists": exists,
                    "database": str(config.db_path(base)),
                    "store": store,
                    "database_problem": backup.database_problem(config.db_path(base), base),
                    "backup": str(backup.latest(base) or "") or None,
                    "models": models,
                    "page_health_misses": misses,
                    "team": team,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"otklik {__version__}: companion {state}")
    click.echo(f"data dir:  {base}" + ("" if exists else " (does not exist yet)"))
    if store["engine"] == "sqlite":
        click.echo(f"database:  {config.db_path(base)}"
                   + ("" if config.db_path(base).exists() else " (not created yet)"))
        problem = backup.database_problem(config.db_path(base), base)
        if problem:
            click.echo(f"database problem: {problem}")
    else:
        click.echo(f"store:     {store['name']}"
                   + (" (reachable)" if store["ok"] else f" (unreachable: {store['reason']})"
                      if store["ok"] is False else ""))
    if team:
        click.echo(f"team:      joined {team} (team.json; `otklik team leave` to stop)")
    if store["engine"] != "sqlite":
        # The daily copy is of the SQLite file; a team store is backed up on its server.
        click.echo("backup:    the team store's server's (pg_dump, docs/team.md#backups)")
    elif exists:
        newest = backup.latest(base)
        click.echo(f"backup:    {newest or 'none yet (made daily while otklik serve runs)'}")
    for name, meta in models.items():
        line = f"model {name}: {meta.get('id', 'unknown')}"
        if meta.get("error"):
            line += f" ({meta['error']})"
        click.echo(line)
        if meta.get("license"):
            click.echo(f"  license: {meta['license']}")
    if misses:
        click.echo("pages the extension could not read (last 7 days, site kind (reason): count):")
        for line in page_health.summary_lines(misses):
            click.echo(line)
    else:
        click.echo("page health: no unreadable pages in the last 7 days")


def _store(base, health: dict | None) -> dict:
    """``{"engine", "name" (password masked), "ok", "reason"}`` of the data dir's store:
    as the running companion reports it, else checked now (None: not checked, an SQLite
    file has its own «database problem» line)."""
    from .storage import health as store_health
    from .storage import make_engine, store_url
    from .storage.engine import StoreUrlError

    try:
        url = store_url(base)
    except StoreUrlError as exc:
        return {"engine": "unknown", "name": "?", "ok": False, "reason": str(exc)}
    out = {"engine": "sqlite" if url.startswith("sqlite") else "postgresql",
           "name": describe(url), "ok": None, "reason": None}
    if health and isinstance(health.get("store"), dict):
        return out | {"ok": health["store"].get("ok"), "reason": health["store"].get("reason")}
    if out["engine"] != "sqlite":
        engine = make_engine(url, pool_size=1)
        try:
            found = store_health.check(engine, cached=False)
        finally:
            engine.dispose()
        out |= {"ok": found["ok"], "reason": found["reason"]}
    return out


def _page_health(base) -> list[dict]:
    """Page-health misses from the store, read-only; none when there is no database.

    A store status cannot read (damaged, unreachable, or older than the page-health
    table) gives none here: the «database problem» or «store» line says what is wrong.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from .storage import connect_data_dir

    try:
        with connect_data_dir(base, create=False) as db:
            return page_health.recent(db) if db is not None else []
    except (SQLAlchemyError, ValueError):
        return []


@cli.command()
@click.option("--rotate", is_flag=True, help="Make a new token; the old one stops working.")
@click.pass_context
def token(ctx: click.Context, rotate: bool) -> None:
    """Print the pairing token the extension needs (or make a new one)."""
    base = data_dir_of(ctx)
    value = secrets_store.rotate_token(base) if rotate else secrets_store.token(base)
    click.echo(value)
    if rotate:
        click.echo(
            "New token made; the old one stopped working. A running companion accepts the new "
            "one at once (no restart): pair the extension again (its options → «Подключить») "
            "or paste this token there.",
            err=True,
        )


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        for command in importlib.import_module(name).COMMANDS:
            cli.add_command(command)
    for command in cli.commands.values():
        add_data_dir_option(command)


_load_commands()


def main() -> None:  # pragma: no cover - python -m companion.cli
    cli(prog_name="otklik")


if __name__ == "__main__":
    sys.exit(main())
