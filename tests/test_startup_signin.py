"""Signing in without a terminal: `otklik serve` opens the browser signed in while no
browser has signed in to its data dir, prints a one-time start-up link, and the sign-in
page a not-signed-in «Подключить» lands on says how and returns to the pairing page."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import stat
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from companion import config, login, secrets_store
from companion.server import free_port
from tests.conftest import ROOT, LiveServer

PAIR = "/pair?code=" + "a" * 24 + "&origin=chrome-extension://abcdefghijklmnop"


def _browser():
    """A cookie-keeping HTTP client: what a browser does with our pages, minus pixels."""
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def _follow_refresh(opener, url: str) -> tuple[str, str]:
    """Open ``url`` and follow a <meta refresh> as the browser does; (final url, html)."""
    with opener.open(url, timeout=30) as response:
        html, final = response.read().decode(), response.url
    found = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    if found:
        target = urllib.parse.urljoin(final, found.group(1).replace("&amp;", "&"))
        with opener.open(target, timeout=30) as response:
            html, final = response.read().decode(), response.url
    return final, html


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


# --- the start-up link --------------------------------------------------------------


def test_the_banner_link_signs_in_once(live_server):
    link = live_server.startup_link
    assert link.startswith(f"{live_server.url}/login?code=")
    assert live_server.token not in link
    assert "60 minutes" in live_server.log.read_text()
    final, html = _follow_refresh(_browser(), link)
    assert final == f"{live_server.url}/" and 'id="logout"' in html
    # Used up: another browser with the same link gets the sign-in page, and no data.
    stranger = _browser()
    final, html = _follow_refresh(stranger, link)
    assert "/login" in final and "устарела" in html
    final, _ = _follow_refresh(stranger, f"{live_server.url}/export.csv")
    assert "/login" in final


def test_the_start_up_link_lasts_an_hour_and_not_past_a_restart(app, guest):
    # Longer than `otklik dashboard`'s two minutes: it waits in the terminal while the
    # newcomer loads the extension.
    fresh = login.startup_url(app, "127.0.0.1:8765", now=time.time() - 50 * 60)
    assert guest.get(fresh).status_code == 200
    assert guest.get("/").status_code == 200
    other = app.test_client()
    stale = login.startup_url(app, "127.0.0.1:8765",
                              now=time.time() - login.STARTUP_LINK_TTL_S - 1)
    page = other.get(stale, base_url="http://127.0.0.1:8765")
    assert "устарела" in page.get_data(as_text=True)
    # Held only in the process that printed it: another process (a restart) refuses it.
    from companion.app import create_app

    restarted = create_app({"DATA_DIR": app.config["DATA_DIR"], "TESTING": True,
                            "PORT": 8765})
    link = login.startup_url(app, "127.0.0.1:8765")
    page = restarted.test_client().get(link, base_url="http://127.0.0.1:8765")
    assert "устарела" in page.get_data(as_text=True)



@pytest.mark.parametrize("lang, restart, ways", [
    ("ru", "перезапустите", ("otklik dashboard", "otklik token")),
    ("en", "restart", ("otklik dashboard", "otklik token")),
])
def test_a_stale_link_offers_only_ways_that_work(app, guest, lang, restart, ways):
    """The link was used by one browser; another opens it. The marker stays (that browser
    holds a session), so a restart would open no browser: the page must not promise it."""
    link = login.startup_url(app, "127.0.0.1:8765")
    guest.get(link)
    stranger = app.test_client()
    page = stranger.get(f"{link}&lang={lang}", base_url="http://127.0.0.1:8765")
    html = page.get_data(as_text=True)
    assert ("устарела" if lang == "ru" else "expired") in html
    assert login.browser_signed_in(app)  # why a restart would not open a browser
    assert restart not in html.lower()
    assert all(way in html for way in ways)

# --- «Подключить» in a browser that is not signed in -----------------------------------


def test_the_sign_in_page_says_how_without_a_terminal(guest):
    first = guest.get(PAIR)
    assert first.status_code == 303
    page = guest.get(first.headers["Location"]).get_data(as_text=True)
    assert "без терминала" in page and "otklik serve" in page
    assert "вернётесь к подключению расширения" in page
    english = guest.get("/login?lang=en&next=/pair").get_data(as_text=True)
    assert "without a terminal" in english and "otklik serve" in english
    assert "connecting the extension" in english


def test_after_the_start_up_link_the_browser_returns_to_the_pairing_page(live_server):
    browser = _browser()
    final, html = _follow_refresh(browser, live_server.url + PAIR)
    assert "/login?next=" in final and "без терминала" in html
    # The operator opens the banner's link (a new tab of the same browser).
    final, html = _follow_refresh(browser, live_server.startup_link)
    assert final == live_server.url + PAIR
    assert 'id="pair-form"' in html and "ABCDEFGHIJKLMNOP".lower() in html


def test_the_token_form_also_returns_to_the_pairing_page(guest, app):
    guest.get(PAIR)
    page = guest.get("/login?next=" + urllib.parse.quote(PAIR)).get_data(as_text=True)
    token = secrets_store.token(app.config["DATA_DIR"])
    done = guest.post("/login", data={"token": token, "csrf_token": _csrf(page),
                                      "next": PAIR})
    assert done.status_code == 303 and done.headers["Location"] == PAIR


@pytest.mark.parametrize("target", [
    "//evil.example/", "https://evil.example/", "/\\evil.example", "evil.example",
    "/\r\nLocation: https://evil.example/", "javascript:alert(1)",
])
def test_no_open_redirect_after_a_link(app, guest, target):
    guest.get("/login", query_string={"next": target})  # nothing kept for a non-local path
    page = guest.get(login.startup_url(app, "127.0.0.1:8765"),
                     query_string=None).get_data(as_text=True)
    assert 'content="0; url=/"' in page
    with_next = guest.get("/login", query_string={
        "code": login.startup_url(app, "x").split("code=")[1], "next": target})
    assert 'content="0; url=/"' in with_next.get_data(as_text=True)


# --- has a browser signed in? (recorded in the data dir) -------------------------------


def test_the_sign_in_is_recorded_0600_and_ends_with_logout_or_rotation(app, guest):
    base = app.config["DATA_DIR"]
    marker = base / config.SIGNED_IN_NAME
    assert not login.browser_signed_in(app)
    guest.get(login.startup_url(app, "127.0.0.1:8765"))
    assert login.browser_signed_in(app)
    if os.name == "posix":
        assert stat.S_IMODE(marker.stat().st_mode) == 0o600
    record = json.loads(marker.read_text())
    assert secrets_store.token(base) not in marker.read_text()
    # Older than a session lives (31 days): no browser holds one any more.
    assert not login.browser_signed_in(app, now=record["at"] + 32 * 86400)
    secrets_store.rotate_token(base)  # ends every session
    time.sleep(0.01)
    assert not login.browser_signed_in(app)


def test_logout_button_needs_csrf_and_signs_out(app, guest):
    guest.get(login.startup_url(app, "127.0.0.1:8765"))
    page = guest.get("/").get_data(as_text=True)
    assert 'action="/logout"' in page and "Выйти" in page
    assert guest.post("/logout").status_code == 403  # no CSRF token
    assert guest.get("/").status_code == 200
    out = guest.post("/logout", data={"csrf_token": _csrf(page)})
    assert out.status_code == 303 and out.headers["Location"] == "/login"
    assert guest.get("/").status_code == 303
    assert not login.browser_signed_in(app)  # the next `otklik serve` opens the browser


# --- `otklik serve` opens the browser (a recorder stands in for it) ---------------------

RECORDER = """#!/bin/sh
echo "$1" >> "{log}"
"""


def _serve(data_dir: Path, tmp_path: Path, *extra: str, env: dict | None = None):
    """Start `otklik serve` with $BROWSER set to a script that records what it is given."""
    recorder = tmp_path / "browser.sh"
    opened = tmp_path / "opened.txt"
    recorder.write_text(RECORDER.format(log=opened))
    recorder.chmod(0o755)
    env = {**os.environ, "BROWSER": str(recorder), **(env or {})}
    port = free_port()
    server = LiveServer(data_dir=data_dir, port=port, env={})
    cmd = [sys.executable, "-m", "companion", "--data-dir", str(data_dir), "serve",
           "--port", str(port), *extra]
    server.log = data_dir.parent / f"serve-{port}.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    with server.log.open("w") as log:
        server.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                       cwd=ROOT)
    deadline = time.monotonic() + 60
    while "sign in:" not in server.log.read_text():
        assert server.proc.poll() is None, server.log.read_text()
        assert time.monotonic() < deadline, server.log.read_text()
        time.sleep(0.05)
    time.sleep(0.5)  # the browser is opened from a thread
    return server, opened


@pytest.mark.skipif(os.name != "posix", reason="a shell script as $BROWSER")
def test_serve_opens_the_browser_signed_in_until_one_has(data_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("OTKLIK_NO_BROWSER")
    server, opened = _serve(data_dir, tmp_path)
    try:
        assert "opening it in your browser" in server.log.read_text()
        given = opened.read_text().split()
        assert len(given) == 1
        # The browser gets a 0600 page in the data dir, never the link on its command
        # line (which `ps` shows to every account).
        assert given[0].startswith("file://") and "code=" not in given[0]
        page = Path(urllib.parse.unquote(urllib.parse.urlparse(given[0]).path))
        assert page == data_dir / config.OPEN_PAGE_NAME
        assert stat.S_IMODE(page.stat().st_mode) == 0o600
        link = re.search(r'url=([^"]+)"', page.read_text()).group(1).replace("&amp;", "&")
        assert link.startswith(f"{server.url}/login?code=") and link != server.startup_link
        final, html = _follow_refresh(_browser(), link)
        assert final == f"{server.url}/" and 'id="logout"' in html
    finally:
        server.stop()
    assert not page.exists()  # removed when otklik stops
    # A browser has signed in: the next start opens none.
    opened.unlink()
    server, _ = _serve(data_dir, tmp_path)
    try:
        assert not opened.exists()
        assert "opening it in your browser" not in server.log.read_text()
    finally:
        server.stop()


@pytest.mark.skipif(os.name != "posix", reason="a shell script as $BROWSER")
@pytest.mark.parametrize("how", ["flag", "env"])
def test_no_browser_flag_and_env_open_none(data_dir, tmp_path, monkeypatch, how):
    monkeypatch.delenv("OTKLIK_NO_BROWSER")
    extra, env = (["--no-browser"], {}) if how == "flag" else ([], {"OTKLIK_NO_BROWSER": "1"})
    server, opened = _serve(data_dir, tmp_path, *extra, env=env)
    try:
        assert not opened.exists()
        assert "sign in:" in server.log.read_text()  # the link is still there to click
    finally:
        server.stop()


def test_no_display_opens_no_console_browser(monkeypatch, tmp_path):
    from companion import open_browser

    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if sys.platform.startswith("linux"):
        assert open_browser.open_signed_in(tmp_path, "http://127.0.0.1:1/login?code=x") is False
        assert not (tmp_path / config.OPEN_PAGE_NAME).exists()


def test_a_browser_that_comes_unsigned_makes_the_next_start_open_one(app, guest):
    guest.get(login.startup_url(app, "127.0.0.1:8765"))
    assert login.browser_signed_in(app)
    stranger = app.test_client()
    stranger.get("/login", base_url="http://127.0.0.1:8765")
    # So «restart otklik serve», as the sign-in page says, opens the browser signed in.
    assert not login.browser_signed_in(app)


def test_a_stale_pending_page_is_not_returned_to(app, guest):
    with guest.session_transaction(base_url="http://127.0.0.1:8765") as session:
        session[login.NEXT_KEY] = [PAIR, int(time.time()) - login.STARTUP_LINK_TTL_S - 1]
    page = guest.get(login.startup_url(app, "127.0.0.1:8765")).get_data(as_text=True)
    assert 'content="0; url=/"' in page


@pytest.mark.skipif(os.name != "posix", reason="a shell script as $BROWSER")
def test_otklik_dashboard_opens_the_forwarding_page(live_server, tmp_path, runner,
                                                     monkeypatch):
    from companion.cli import cli

    opened = tmp_path / "opened.txt"
    recorder = tmp_path / "browser.sh"
    recorder.write_text(RECORDER.format(log=opened))
    recorder.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(recorder))
    result = runner.invoke(cli, ["--data-dir", str(live_server.data_dir), "dashboard"])
    assert result.exit_code == 0 and "Opened the dashboard" in result.output
    given = opened.read_text().strip()
    assert given == (live_server.data_dir / config.OPEN_PAGE_NAME).as_uri()
    link = re.search(r'url=([^"]+)"', (live_server.data_dir / config.OPEN_PAGE_NAME)
                     .read_text()).group(1).replace("&amp;", "&")
    final, html = _follow_refresh(_browser(), link)
    assert final == f"{live_server.url}/" and 'id="logout"' in html
