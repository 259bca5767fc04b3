"""The throwaway PostgreSQL cluster the team-mode tests run on is real and isolated."""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa


def test_fresh_database_per_test_with_password_auth(pg_cluster, pg_url):
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT current_user")).scalar() == "postgres"
        assert conn.execute(sa.text("SHOW server_version_num")).scalar().isdigit()
        tables = conn.execute(
            sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        ).scalar()
    engine.dispose()
    assert tables == 0
    # Host connections need the password, as on a team's server.
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(
            host="127.0.0.1",
            port=pg_cluster.port,
            user="postgres",
            password="wrong",
            dbname="postgres",
        ).close()


def test_stop_and_start_again(pg_cluster, pg_url):
    pg_cluster.stop()
    assert not pg_cluster.is_running()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(
            pg_url.replace("postgresql+psycopg", "postgresql"), connect_timeout=2
        ).close()
    pg_cluster.start()
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    engine.dispose()
