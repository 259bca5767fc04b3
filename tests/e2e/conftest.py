"""Real-browser tests: Debian's Chromium with the unpacked extension, the fixture pages
under their real host names over HTTPS, and the real companion in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

# tests/conftest.py: Chromium settings and the real `otklik serve` in a subprocess
from conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer

from .fixture_server import FixtureServer

ROOT = Path(__file__).resolve().parents[2]
# OTKLIK_E2E_EXTENSION: another tree of the extension (an older one, to compare figures).
EXTENSION = Path(os.environ.get("OTKLIK_E2E_EXTENSION") or ROOT / "extension")
ARTIFACTS = ROOT / "tests" / "artifacts"
OPERATOR = "Анна Тестова"


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _browser_available() -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed")


@pytest.fixture
def artifacts(request) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def fixture_server(tmp_path: Path) -> Iterator[FixtureServer]:
    with FixtureServer(tmp_path) as server:
        yield server


@pytest.fixture
def companion(data_dir: Path) -> Iterator[LiveServer]:
    server = LiveServer(data_dir=data_dir).start()
    yield server
    server.stop()


class Api:
    """Calls to the companion as the extension makes them, for assertions."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        req = urllib.request.Request(
            f"{self.server.url}/api/v1{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self.server.token}",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                return res.status, json.loads(res.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"{}")

    def rows(self, sql: str, *args) -> list[sqlite3.Row]:
        db = sqlite3.connect(self.server.data_dir / "otklik.db")
        db.row_factory = sqlite3.Row
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()


@pytest.fixture
def api(companion: LiveServer) -> Api:
    return Api(companion)


class Browser:
    def __init__(self, ctx, ext_id: str) -> None:
        self.ctx = ctx
        self.ext_id = ext_id

    @property
    def worker(self):
        return next(w for w in self.ctx.service_workers if self.ext_id in w.url)

    def settings(self, **values) -> None:
        self.worker.evaluate(
            """async (values) => {
                const got = await chrome.storage.local.get('settings');
                await chrome.storage.local.set({settings: {...(got.settings ?? {}), ...values}});
            }""",
            values,
        )

    def storage(self, key: str):
        """A stored value as the worker sees it: the outbox and the first-seen map are in
        its own store (IndexedDB, src/background/workerStore.js), the rest in
        chrome.storage.local (an older tree, OTKLIK_E2E_EXTENSION, keeps all there)."""
        return self.worker.evaluate(
            """async (k) => globalThis.otklik?.read ? globalThis.otklik.read(k)
                : (await chrome.storage.local.get(k))[k]""",
            key,
        )

    def status(self) -> dict:
        """What the popup shows: open it like the operator does and read it."""
        page = self.ctx.new_page()
        page.goto(f"chrome-extension://{self.ext_id}/src/popup/popup.html")
        # Extension pages forbid eval, so poll with evaluate() rather than wait_for_function().
        wait_until(
            lambda: page.evaluate(
                "() => document.getElementById('waiting').dataset.count !== undefined"
            ),
            timeout=15,
            message="the popup's status",
        )
        out = page.evaluate(
            """() => ({state: document.getElementById('state').dataset.state,
                       text: document.getElementById('state').textContent,
                       waiting: Number(document.getElementById('waiting').dataset.count),
                       health: {state: document.getElementById('health').dataset.state},
                       health_text: document.getElementById('health').hidden
                           ? '' : document.getElementById('health').textContent})"""
        )
        page.close()
        return out


@pytest.fixture
def browser(
    tmp_path: Path, fixture_server: FixtureServer, companion: LiveServer
) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    # A copy, so the browser never writes into the source tree.
    ext_dir = tmp_path / "extension"
    shutil.copytree(
        EXTENSION, ext_dir, ignore=shutil.ignore_patterns("node_modules", "web-ext-artifacts")
    )
    port = fixture_server.port
    rules = ", ".join(
        f"MAP {host} 127.0.0.1:{port}"
        for host in (
            "vk.com",
            "*.vk.com",
            "vk.ru",
            "*.vk.ru",
            "vkvideo.ru",
            "*.vkvideo.ru",
            "www.facebook.com",
            "m.facebook.com",
        )
    )
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            ignore_https_errors=True,
            viewport={"width": 1280, "height": 900},
            locale="ru-RU",
            args=[
                *CHROMIUM_ARGS,
                f"--disable-extensions-except={ext_dir}",
                f"--load-extension={ext_dir}",
                f"--host-resolver-rules={rules}",
                "--ignore-certificate-errors",
            ],
        )
        try:
            worker = (
                ctx.service_workers[0]
                if ctx.service_workers
                else ctx.wait_for_event("serviceworker", timeout=15000)
            )
            ext_id = worker.url.split("/")[2]
            b = Browser(ctx, ext_id)
            b.settings(companionUrl=companion.url, token=companion.token, operator=OPERATOR)
            yield b
        finally:
            ctx.close()


def wait_until(check, timeout: float = 10.0, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")
