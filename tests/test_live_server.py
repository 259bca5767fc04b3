"""The real `otklik serve` in a subprocess, spoken to over HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import uuid

import pytest
from conftest import ROOT

from companion.server import probe


def _request(server, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        hdrs = {"Content-Type": "application/json", **(headers or {})}
        conn.request(method, path, body=payload, headers=hdrs)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), json.loads(response.read() or b"null")
    finally:
        conn.close()


def test_health_over_http(live_server):
    status, headers, body = _request(live_server, "GET", "/api/v1/health")
    assert status == 200
    assert body["name"] == "otklik" and headers["X-Otklik-Version"] == body["version"]


def test_events_over_http_are_idempotent(live_server):
    auth = {"Authorization": f"Bearer {live_server.token}"}
    event = {
        "uuid": str(uuid.uuid4()),
        "type": "reply_sent",
        "platform": "facebook",
        "comment_id": "123_456",
        "operator": "Олег",
        "text": "Спасибо, что написали!",
        "reply_sent_at": "2026-11-22T10:00:00Z",
    }
    first = _request(live_server, "POST", "/api/v1/events", {"events": [event]}, auth)
    second = _request(live_server, "POST", "/api/v1/events", {"events": [event]}, auth)
    assert first[0] == second[0] == 200 and first[2] == second[2]
    assert _request(live_server, "POST", "/api/v1/events", {"events": [event]})[0] == 401


def test_wrong_host_over_http(live_server):
    status, _, body = _request(
        live_server,
        "GET",
        "/api/v1/health",
        headers={"Host": f"attacker.example:{live_server.port}"},
    )
    assert status == 403 and body["error"]["field"] == "Host"


def test_listens_on_loopback_only(live_server):
    # Any non-loopback address of this machine must refuse the connection.
    addresses = {
        info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    }
    for address in addresses - {"127.0.0.1"}:
        if address.startswith("127."):
            continue
        with pytest.raises(OSError), socket.create_connection((address, live_server.port), 2):
            pass
    assert probe("127.0.0.1", live_server.port)


def test_taken_port_fails_loudly(live_server, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "companion",
            "--data-dir",
            str(tmp_path / "other"),
            "serve",
            "--port",
            str(live_server.port),
            "--no-browser",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert f"Port {live_server.port}" in result.stderr and "--port" in result.stderr


def test_survives_restart_with_its_data(live_server):
    auth = {"Authorization": f"Bearer {live_server.token}"}
    event = {
        "uuid": str(uuid.uuid4()),
        "type": "comment_seen",
        "platform": "vk",
        "comment_id": "-1_2_3",
        "seen_at": "2026-11-22T10:00:00Z",
    }
    assert _request(live_server, "POST", "/api/v1/events", {"events": [event]}, auth)[0] == 200
    live_server.stop()
    assert probe("127.0.0.1", live_server.port, timeout=0.3) is None
    live_server.start()
    again = _request(live_server, "POST", "/api/v1/events", {"events": [event]}, auth)
    assert again[0] == 200 and again[2]["results"][0]["status"] == "stored"
