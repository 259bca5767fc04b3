"""Every security rule of the local server, one by one."""

from __future__ import annotations

import os
import stat

import pytest

from companion import secrets_store


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:8765",
        "127.0.0.1:9999",
        "localhost",
        "",
        "127.0.0.1.nip.io:8765",
        "0.0.0.0:8765",
    ],
)
def test_wrong_host_is_refused_before_anything_else(client, api, host):
    response = client.get("/api/v1/health", headers={"Host": host})
    assert response.status_code == 403
    assert response.json["error"]["field"] == "Host"
    # Even with the right token, a rebinding page learns nothing.
    response = client.post(
        "/api/v1/events", json={"events": []}, headers={"Host": host, **api.headers}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765"])
def test_loopback_hosts_are_answered(client, host):
    assert client.get("/api/v1/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "origin",
    [
        "https://vk.com",
        "https://evil.example",
        "null",
        "http://127.0.0.1:9999",
        "chrome-extension://",
    ],
)
def test_foreign_origin_is_refused(api, origin):
    response = api.post("/api/v1/events", json={"events": []}, headers={"Origin": origin})
    assert response.status_code == 403
    assert response.json["error"]["field"] == "Origin"
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(
    "origin",
    [
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "moz-extension://0b6c5a0e-8f55-4a4e-9c42-2f1f2b1f7c11",
    ],
)
def test_extension_origins_get_cors_for_their_origin_only(api, client, origin):
    response = api.post("/api/v1/events", json={"events": []}, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "X-Otklik-Version" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/events",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == origin


def test_preflight_from_a_web_page_is_refused(client):
    preflight = client.options(
        "/api/v1/events",
        headers={"Origin": "https://vk.com", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 403
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_health_needs_no_token_but_everything_else_does(client):
    assert client.get("/api/v1/health").status_code == 200
    for method, path in [
        ("post", "/api/v1/events"),
        ("get", "/api/v1/openapi.json"),
        ("post", "/api/v1/comments/handled"),
    ]:
        response = getattr(client, method)(path, json={})
        assert response.status_code == 401, path
        assert response.json["error"]["field"] == "Authorization"


@pytest.mark.parametrize("header", ["Bearer wrong", "Basic abc", "Bearer", "bearer  ", "token"])
def test_bad_tokens_are_refused(client, header):
    response = client.post("/api/v1/events", json={"events": []}, headers={"Authorization": header})
    assert response.status_code == 401


def test_rotated_token_takes_effect_without_restart(api, app):
    assert api.post("/api/v1/events", json={"events": []}).status_code == 200
    new = secrets_store.rotate_token(app.config["DATA_DIR"])
    assert api.post("/api/v1/events", json={"events": []}).status_code == 401
    response = api.client.post(
        "/api/v1/events", json={"events": []}, headers={"Authorization": f"Bearer {new}"}
    )
    assert response.status_code == 200


def test_token_file_is_private(app):
    path = app.config["DATA_DIR"] / "token"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    secrets_store.rotate_token(app.config["DATA_DIR"])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_every_answer_identifies_the_companion(client, api):
    for response in (
        client.get("/api/v1/health"),
        client.get("/api/v1/nope"),
        api.get("/api/v1/openapi.json"),
    ):
        assert response.headers["X-Otklik-Version"]
