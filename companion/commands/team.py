"""`otklik team`: one PostgreSQL store for the whole team (docs/team.md).

The team lead runs ``init`` once and ``add-operator``/``add-trainer`` per person, with a
URL of a role that owns the database and may create roles; each person runs the one
``join`` command printed for them. ``sslmode`` in a URL passes through to the server.
"""

from __future__ import annotations

import click

from . import data_dir_of

ADMIN_URL_HELP = ("The team store as its owner (postgresql://LEAD:PASSWORD@HOST/DB; also "
                  "$OTKLIK_TEAM_URL).")


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


def _engine(url: str):
    from ..storage.engine import StoreUrlError, make_engine, normalise

    try:
        url = normalise(url, "the URL")
    except StoreUrlError as exc:
        raise _fail(exc) from None
    if not url.startswith("postgresql"):
        raise click.ClickException("team mode needs a PostgreSQL URL (postgresql://USER@HOST/DB)")
    return url, make_engine(url, pool_size=1)


@click.group()
def team() -> None:
    """Team mode: one PostgreSQL store for every operator and the trainer."""


@team.command()
@click.argument("url")
def init(url: str) -> None:
    """Create or upgrade the team store at URL: the schema, the roles otklik_operator and
    otklik_trainer, their grants and row-level security. Safe to run again."""
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    from ..storage.engine import masked
    from ..storage.migrate import migrate
    from ..team.join import explain
    from ..team.roles import TeamError, setup

    url, engine = _engine(url)
    try:
        ran = migrate(engine)
        with engine.begin() as db:
            done = setup(db)
    except TeamError as exc:
        raise _fail(exc) from None
    except (DBAPIError, SQLAlchemyError) as exc:
        raise click.ClickException(explain(exc, url)) from None
    except RuntimeError as exc:  # SchemaTooNew / SchemaBehind: already one line
        raise _fail(exc) from None
    finally:
        engine.dispose()
    click.echo(f"team store {masked(url)}: "
               + (f"schema {', '.join(ran)} applied" if ran else "schema up to date"))
    for line in done:
        click.echo(f"  {line}")
    click.echo("next: `otklik team add-trainer NAME --url …` and `otklik team add-operator "
               "NAME --url …` for each person")


def _join_url(url: str, role: str, password: str, public_host: str | None) -> str:
    from sqlalchemy.engine import make_url

    u = make_url(url).set(drivername="postgresql", username=role, password=password)
    if public_host:
        host, _, port = public_host.partition(":")
        u = u.set(host=host, port=int(port) if port else u.port)
    return u.render_as_string(hide_password=False)


def _add(url: str, name: str, kind: str, public_host: str | None) -> None:
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    from ..team.join import explain
    from ..team.roles import TeamError, add_member

    url, engine = _engine(url)
    try:
        with engine.begin() as db:
            member = add_member(db, name, kind)
    except TeamError as exc:
        raise _fail(exc) from None
    except (DBAPIError, SQLAlchemyError) as exc:
        raise click.ClickException(explain(exc, url)) from None
    finally:
        engine.dispose()
    join = _join_url(url, member.role, member.password, public_host)
    click.echo(f"added {member.name} ({member.kind}) as PostgreSQL role {member.role}")
    click.echo(f"{member.name} runs this once on their computer (the password is shown only now):")
    click.echo(f"  otklik team join '{join}'")


def _add_command(kind: str):
    @click.argument("name")
    @click.option("--url", required=True, envvar="OTKLIK_TEAM_URL", help=ADMIN_URL_HELP)
    @click.option("--public-host", metavar="HOST[:PORT]",
                  help="The server's address as the person's computer reaches it, when it "
                  "differs from the one in --url (e.g. --url uses localhost).")
    def command(name: str, url: str, public_host: str | None) -> None:
        _add(url, name, kind, public_host)

    command.__doc__ = (f"Add a {kind}: a PostgreSQL login role with a generated password in "
                       f"the group otklik_{kind}; prints the `otklik team join` command "
                       f"they run. Names are one person ignoring case and spaces.")
    return team.command(f"add-{kind}")(command)


_add_command("operator")
_add_command("trainer")


@team.command()
@click.argument("url")
@click.pass_context
def join(ctx: click.Context, url: str) -> None:
    """Use the team store at URL (the line `otklik team add-operator` printed): checks the
    connection and the member, then keeps it in this data dir's team.json (0600)."""
    from ..storage.engine import masked
    from ..team.join import check, save
    from ..team.roles import TeamError

    try:
        member = check(url)
    except TeamError as exc:
        raise _fail(exc) from None
    path = save(data_dir_of(ctx), url)
    click.echo(f"joined the team as {member.name} ({member.kind}) on {masked(url)}")
    click.echo(f"kept in {path}; `otklik serve` uses the team store from now on "
               "(restart it if it runs)")


@team.command()
@click.pass_context
def leave(ctx: click.Context) -> None:
    """Stop using the team store: remove team.json (the team's data stays on the server;
    this data dir's own SQLite file is used again)."""
    from ..storage.engine import TEAM_FILE

    path = data_dir_of(ctx, create=False) / TEAM_FILE
    if not path.exists():
        click.echo("this data dir is not on a team store")
        return
    path.unlink()
    click.echo(f"removed {path}; `otklik serve` uses this data dir's own store again "
               "(restart it if it runs)")


COMMANDS = [team]
