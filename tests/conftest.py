"""Shared fixtures: every test gets its own data dir; no test touches the user's."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from companion.app import create_app
from companion.server import free_port, probe

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
TEST_PORT = 8765
# Debian's Chromium, run as ../shared/notes/browser-e2e.md shows: without the
# background-networking flags it keeps dialling Google on a machine with no network.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "otklik-data"
    monkeypatch.setenv("OTKLIK_DATA_DIR", str(path))
    # A companion the user runs (on 8765, or OTKLIK_PORT) is never what a test looks at.
    monkeypatch.delenv("OTKLIK_PORT", raising=False)
    # No test ever opens a browser: `otklik serve` in a subprocess inherits this, and
    # every command line below says --no-browser as well.
    monkeypatch.setenv("OTKLIK_NO_BROWSER", "1")
    # And should one forget both, Python's webbrowser runs `false` instead of a browser.
    monkeypatch.setenv("BROWSER", "false")
    return path


@pytest.fixture
def app(data_dir: Path):
    from companion.storage.per_request import engine_of

    app = create_app({"DATA_DIR": data_dir, "PORT": TEST_PORT, "TESTING": True})
    yield app
    engine_of(app).dispose()  # its pooled connections: a test database is dropped after


class ApiClient:
    """Flask's test client speaking to the API as the paired extension does."""

    def __init__(self, client, token: str) -> None:
        self.client = client
        self.token = token
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **kw):
        return self.client.get(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def post(self, path: str, json=None, **kw):
        return self.client.post(
            path, json=json, headers={**self.headers, **kw.pop("headers", {})}, **kw
        )

    def put(self, path: str, json=None, **kw):
        return self.client.put(
            path, json=json, headers={**self.headers, **kw.pop("headers", {})}, **kw
        )

    def delete(self, path: str, **kw):
        return self.client.delete(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)


class LoopbackClient(FlaskClient):
    """Requests go to http://127.0.0.1:8765 unless a test sets another Host header."""

    def open(self, *args, **kwargs):
        if not args or isinstance(args[0], str):
            kwargs.setdefault("base_url", f"http://127.0.0.1:{TEST_PORT}")
        return super().open(*args, **kwargs)


@pytest.fixture
def guest(app):
    """A test client with an allowed Host, not signed in to the dashboard."""
    app.test_client_class = LoopbackClient
    return app.test_client()


@pytest.fixture
def client(app, guest):
    """A test client with an allowed Host, signed in to the dashboard (as after
    `otklik dashboard`); API calls still need the token (the ``api`` fixture)."""
    from companion import login

    with guest.session_transaction(base_url=f"http://127.0.0.1:{TEST_PORT}") as session:
        session[login.SESSION_KEY] = login.session_value(app)
    return guest


@pytest.fixture
def api(app, client) -> ApiClient:
    from companion import secrets_store

    return ApiClient(client, secrets_store.token(app.config["DATA_DIR"]))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@dataclass
class LiveServer:
    """A real `otklik serve` in a subprocess on a free port of 127.0.0.1."""

    data_dir: Path
    port: int = 0
    proc: subprocess.Popen | None = None
    log: Path | None = None
    env: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token(self) -> str:
        from companion import secrets_store

        return secrets_store.token(self.data_dir)

    @staticmethod
    def command(data_dir: Path, port: int) -> list[str]:
        """The `otklik serve` command line for ``data_dir`` and ``port`` (no browser)."""
        return [
            sys.executable, "-m", "companion", "--data-dir", str(data_dir), "serve",
            "--port", str(port), "--no-browser",
        ]

    def start(self, timeout: float = 30.0) -> LiveServer:
        if not self.port:
            self.port = free_port()
        self.log = self.data_dir.parent / f"serve-{self.port}.log"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        cmd = self.command(self.data_dir, self.port)
        env = {**os.environ, **self.env}
        with self.log.open("w") as log:  # the child keeps its own copy of the handle
            self.proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"otklik serve exited: {self.log.read_text()}")
            if probe("127.0.0.1", self.port, timeout=0.5) and "sign in:" in self.log.read_text():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"otklik serve did not answer in {timeout}s: {self.log.read_text()}")

    @property
    def startup_link(self) -> str:
        """The one-time sign-in link `otklik serve` printed in its banner."""
        for line in self.log.read_text().splitlines():
            if line.strip().startswith("sign in:"):
                return line.split("sign in:", 1)[1].strip()
        raise AssertionError(f"no sign-in link in the banner: {self.log.read_text()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture
def live_server(data_dir: Path) -> Iterator[LiveServer]:
    server = LiveServer(data_dir=data_dir).start()
    yield server
    server.stop()


# -- PostgreSQL (team mode) ----------------------------------------------------------------
@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the whole session (tests/pg_cluster.py)."""
    from pg_cluster import remove_cluster, start_cluster

    cluster = start_cluster()
    yield cluster
    remove_cluster(cluster)


@pytest.fixture
def pg_url(pg_cluster) -> Iterator[str]:
    """A fresh, empty database on the session's cluster; the superuser's SQLAlchemy URL."""
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    if not pg_cluster.is_running():
        pg_cluster.start()
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The store's URL, once per engine: the data dir's SQLite file, then a fresh
    PostgreSQL database. ``$OTKLIK_STORE`` names it, so the app, the CLI and a live
    server in a subprocess all use it."""
    from companion.storage.engine import STORE_ENV, sqlite_url

    if request.param == "sqlite":
        data_dir.mkdir(parents=True, exist_ok=True)
        url = sqlite_url(data_dir / "otklik.db")
    else:
        url = request.getfixturevalue("pg_url")
    monkeypatch.setenv(STORE_ENV, url)
    return url
