"""A team store for the tests: `otklik team init` and `add-*` on a fresh database of the
session's cluster, and connections as the roles those commands made."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from click.testing import CliRunner
from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

from companion.cli import cli

# The line `otklik team add-*` prints for the person to run.
JOIN = re.compile(r"otklik team join '([^']+)'")


def make_team(admin_url: str, people: list[tuple[str, str]]) -> dict[str, str]:
    """`team init` on ``admin_url``, then ``add-KIND NAME`` for each (kind, name); returns
    each name's join URL as printed."""
    runner = CliRunner()
    result = runner.invoke(cli, ["team", "init", admin_url])
    assert result.exit_code == 0, result.output
    urls = {}
    for kind, name in people:
        result = runner.invoke(cli, ["team", f"add-{kind}", name, "--url", admin_url])
        assert result.exit_code == 0, result.output
        urls[name] = JOIN.search(result.output).group(1)
    return urls


@contextmanager
def as_role(url: str) -> Iterator[Connection]:
    """A connection as the URL's role (psycopg 3); the engine and its pool go with it."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                           poolclass=NullPool)
    try:
        with engine.connect() as db:
            yield db
    finally:
        engine.dispose()
