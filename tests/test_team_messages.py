"""The lines a team lead and an operator read: URLs as they typed them (no driver name),
a refused connection said in one sentence."""

from __future__ import annotations

from sqlalchemy import create_engine

from companion.storage.engine import describe, masked
from companion.team.join import explain


def test_masked_url_reads_as_typed_without_the_driver():
    url = "postgresql+psycopg://otklik_anna:secret@db.example.ru/otklik"
    assert masked(url) == "postgresql://otklik_anna:***@db.example.ru/otklik"
    assert describe(url) == "PostgreSQL postgresql://otklik_anna:***@db.example.ru/otklik"
    assert masked("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_a_refused_connection_is_one_sentence():
    # A real connection attempt to a port nothing listens on (port 1).
    url = "postgresql+psycopg://otklik_anna:secret@127.0.0.1:1/otklik"
    engine = create_engine(url)
    try:
        engine.connect()
    except Exception as exc:  # noqa: BLE001 - the driver's own error is what we explain
        line = explain(exc, url)
    finally:
        engine.dispose()
    assert line.startswith("127.0.0.1:1/otklik: the server does not answer (Connection refused)")
    assert "Is the server running" not in line and "\n" not in line


def test_status_in_team_mode_names_the_servers_backups(tmp_path, monkeypatch):
    # The SQLite daily copy does not apply to a team store: status must not promise it.
    from click.testing import CliRunner

    from companion.cli import cli

    monkeypatch.setenv("OTKLIK_STORE", "postgresql://otklik_anna:secret@127.0.0.1:1/otklik")
    out = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "status"]).output
    assert "made daily" not in out
    assert "backup:    the team store's server's (pg_dump" in out
    assert "secret" not in out


def test_the_leads_wrong_password_is_not_sent_to_the_team_lead(pg_url):
    # The lead's own role (here the superuser) typed wrong: «ask the team lead» would send
    # them to themselves; a member's role (otklik_…) is still told to ask the lead.
    import re

    from click.testing import CliRunner

    from companion.cli import cli

    wrong = re.sub(r":[^:@/]+@", ":wrong-password@", pg_url).replace("+psycopg", "")
    out = CliRunner().invoke(cli, ["team", "init", wrong]).output.strip()
    assert out.startswith("Error: ") and "\n" not in out and "Traceback" not in out
    assert "refused the password of 'postgres'" in out
    assert "ask the team lead" not in out and "check the password in the URL" in out


def test_leave_says_a_running_companion_needs_a_restart(tmp_path):
    # A companion that runs keeps the team store until it restarts, as after `team join`.
    from click.testing import CliRunner

    from companion.cli import cli
    from companion.team.join import save

    save(tmp_path, "postgresql://otklik_anna:secret@127.0.0.1:1/otklik")
    out = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "team", "leave"]).output
    assert "removed" in out and "restart it if it runs" in out
    assert not (tmp_path / "team.json").exists()
