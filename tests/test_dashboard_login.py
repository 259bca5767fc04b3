"""The dashboard and the CSV answer only a session opened with the pairing token; every
page carries the security headers; no template has an inline script."""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from companion import secrets_store
from companion.cli import cli
from companion.login import LINK_TTL_S, make_link_code
from companion.security import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).resolve().parent.parent / "companion" / "templates"


def _csrf(client) -> str:
    html = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("path", ["/", "/export.csv", "/review", "/settings", "/templates"])
def test_pages_and_the_csv_need_a_session(guest, path):
    response = guest.get(path)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")
    assert b"otklik-replies" not in response.data


def test_the_login_form_takes_the_pairing_token(guest, app):
    token = secrets_store.token(app.config["DATA_DIR"])
    wrong = guest.post("/login", data={"token": "nope", "csrf_token": _csrf(guest)})
    assert wrong.status_code == 401
    assert guest.get("/").status_code == 303
    ok = guest.post(
        "/login", data={"token": token, "csrf_token": _csrf(guest), "next": "/review"}
    )
    assert ok.status_code == 303
    assert ok.headers["Location"] == "/review"
    assert guest.get("/").status_code == 200


def test_the_login_form_needs_its_csrf_token(guest, app):
    token = secrets_store.token(app.config["DATA_DIR"])
    guest.get("/login")
    assert guest.post("/login", data={"token": token}).status_code == 403


def test_login_never_redirects_to_another_site(guest, app):
    token = secrets_store.token(app.config["DATA_DIR"])
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = guest.post(
            "/login", data={"token": token, "csrf_token": _csrf(guest), "next": target}
        )
        assert response.headers["Location"] == "/"


def test_rotating_the_token_ends_every_session(client, app, runner):
    assert client.get("/").status_code == 200
    secrets_store.rotate_token(app.config["DATA_DIR"])
    time.sleep(0.01)
    assert client.get("/").status_code == 303


def test_a_one_time_link_works_once(guest, app):
    code = make_link_code(app.config["DATA_DIR"])
    first = guest.get("/login", query_string={"code": code})
    # Signed in on a page that moves on by itself (SameSite=Strict: see login.py).
    assert first.status_code == 200
    assert '<meta http-equiv="refresh" content="0; url=/">' in first.get_data(as_text=True)
    assert guest.get("/").status_code == 200
    other = app.test_client()
    second = other.get(
        "/login", query_string={"code": code}, base_url="http://127.0.0.1:8765"
    )
    assert second.status_code == 200  # the form again, with why
    assert "устарела" in second.get_data(as_text=True)
    assert other.get("/", base_url="http://127.0.0.1:8765").status_code == 303


@pytest.mark.parametrize("kind", ["expired", "tampered", "garbage"])
def test_a_stale_or_forged_link_does_not_sign_in(guest, app, kind):
    base = app.config["DATA_DIR"]
    code = {
        "expired": make_link_code(base, now=time.time() - LINK_TTL_S - 1),
        "tampered": make_link_code(base)[:-2] + "00",
        "garbage": "x.y.z",
    }[kind]
    assert guest.get("/login", query_string={"code": code}).status_code == 200
    assert guest.get("/").status_code == 303


def test_security_headers_on_every_page(client, api):
    for path in ("/", "/login", "/export.csv"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        script_src = csp.split("script-src")[1].split(";")[0]
        assert script_src.strip() == "'self'"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Cache-Control"] == "no-store"
    assert "text/csv" in client.get("/export.csv").content_type
    health = api.get("/api/v1/health")
    assert "frame-ancestors 'none'" in health.headers["Content-Security-Policy"]


def test_no_template_has_an_inline_script():
    # The CSP allows scripts from the companion's own files only: an inline script or
    # an on*= handler in a template would be blocked in the browser.
    found = []
    for path in TEMPLATES.rglob("*.html"):
        html = path.read_text("utf-8")
        for match in re.finditer(r"<script\b[^>]*>", html, re.I):
            if "src=" not in match.group(0):
                found.append(f"{path.name}: {match.group(0)}")
        found += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", html, re.I)]
        found += [f"{path.name}: javascript:" for _ in re.findall("javascript:", html, re.I)]
    assert found == []
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY.split("script-src")[1].split(";")[0]


def test_otklik_dashboard_prints_a_one_time_link_that_signs_in(runner, live_server):
    result = runner.invoke(
        cli, ["--data-dir", str(live_server.data_dir), "dashboard", "--no-browser"]
    )
    assert result.exit_code == 0, result.output
    url = result.output.splitlines()[0]
    assert url.startswith(f"http://127.0.0.1:{live_server.port}/login?code=")
    assert live_server.token not in url
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(url, timeout=30) as response:
        assert response.status == 200 and 'id="signed-in"' in response.read().decode()
    with opener.open(f"{live_server.url}/", timeout=30) as response:
        assert (response.url, response.status) == (f"{live_server.url}/", 200)
    # Another browser (no cookie) with the same link: used up, and the page stays shut.
    stranger = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with stranger.open(url, timeout=30) as response:
        assert "/login" in response.url
    with stranger.open(f"{live_server.url}/export.csv", timeout=30) as response:
        assert "/login" in response.url


def test_otklik_dashboard_without_a_server_says_so(runner, data_dir):
    from companion.server import free_port, write_server_info

    data_dir.mkdir(parents=True, exist_ok=True)
    write_server_info(data_dir, "127.0.0.1", free_port())  # a server that has gone
    result = runner.invoke(cli, ["--data-dir", str(data_dir), "dashboard", "--no-browser"])
    assert result.exit_code == 1
    assert "otklik serve" in result.output


def test_the_pairing_page_needs_a_session_too(guest):
    # Another account on the machine must not grant its own extension the token.
    code, origin = "a" * 24, "chrome-extension://abcdefghijklmnop"
    response = guest.get(f"/pair?code={code}&origin={origin}")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=/pair")
    assert guest.post("/pair", data={"code": code, "origin": origin}).status_code in (303, 403)
