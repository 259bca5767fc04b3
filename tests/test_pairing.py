"""One-click pairing, companion side: a one-time grant bound to the extension's origin.

The real-browser flow is tests/e2e/test_pairing.py."""

from __future__ import annotations

import re

import pytest

from companion import pairing, secrets_store

CODE = "Zq3x_" + "k" * 20
EXT = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


def _csrf(client) -> str:
    html = client.get(f"/pair?code={CODE}&origin={EXT}").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _confirm(client, name="Анна", code=CODE, origin=EXT):
    return client.post("/pair", data={"csrf_token": _csrf(client), "code": code,
                                      "origin": origin, "operator": name})


def _claim(client, origin=EXT, code=CODE):
    headers = {"Origin": origin} if origin else {}
    return client.post("/api/v1/pair/claim", json={"code": code}, headers=headers)


def test_the_page_shows_who_asks_and_the_code(client):
    html = client.get(f"/pair?code={CODE}&origin={EXT}").get_data(as_text=True)
    assert EXT in html and pairing.short(CODE) in html
    assert 'name="operator"' in html and "required" in html
    assert "Подключить расширение" in client.get("/").get_data(as_text=True)


def test_granted_once_to_the_origin_that_asked(client, app):
    assert _claim(client).status_code == 404  # nobody confirmed yet
    assert _claim(client).json["error"]["code"] == "not_confirmed"
    done = _confirm(client, name="  Анна  Петрова ")
    assert done.status_code == 200 and 'id="pair-done"' in done.get_data(as_text=True)
    assert _claim(client, origin="chrome-extension://someotherextensionid").status_code == 403
    assert _claim(client, origin=None).status_code == 403  # curl, a script: no Origin
    got = _claim(client)
    assert got.status_code == 200
    assert got.json["token"] == secrets_store.token(app.config["DATA_DIR"])
    assert got.json["operator"] == "Анна Петрова"
    again = _claim(client)  # one time only, and the second claim says it was used
    assert again.status_code == 410 and again.json["error"]["code"] == "already_used"
    assert "already used" in again.json["error"]["message"]


def test_a_name_is_required(client):
    page = _confirm(client, name="   ")
    assert page.status_code == 400
    assert "Укажите имя" in page.get_data(as_text=True)
    assert _claim(client).status_code == 404


def test_confirming_needs_the_csrf_token(client):
    page = client.post("/pair", data={"code": CODE, "origin": EXT, "operator": "Анна"})
    assert page.status_code == 403
    assert _claim(client).status_code == 404


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:8765", "null"])
def test_only_extension_origins_can_be_granted(client, origin):
    assert "не от расширения" in client.get(f"/pair?code={CODE}&origin={origin}").get_data(
        as_text=True)
    assert _confirm(client, origin=origin).status_code == 400


def test_a_web_page_cannot_claim(client):
    _confirm(client)
    assert _claim(client, origin="https://evil.example").status_code == 403
    assert _claim(client).status_code == 200  # the grant was not spent by the refusal


def test_bad_code_is_refused(client):
    got = client.post("/api/v1/pair/claim", json={"code": "short"}, headers={"Origin": EXT})
    assert got.status_code == 400 and got.json["error"]["field"] == "code"


def test_grants_expire():
    now = [0.0]
    store = pairing.Pairings(clock=lambda: now[0])
    store.grant(CODE, EXT, "Анна")
    now[0] += pairing.TTL + 1
    with pytest.raises(pairing.PairingError) as err:
        store.claim(CODE, EXT)
    assert err.value.status == 404


def test_a_used_code_is_forgotten_with_its_grant():
    now = [0.0]
    store = pairing.Pairings(clock=lambda: now[0])
    store.grant(CODE, EXT, "Анна")
    store.claim(CODE, EXT)
    now[0] += pairing.TTL + 1
    with pytest.raises(pairing.PairingError) as err:
        store.claim(CODE, EXT)
    assert err.value.status == 404  # memory is bounded in time: not "used" for ever


def test_the_promised_wait_is_what_the_extension_does(client):
    """The confirmation page and docs/extension.md promise the wait the options page really
    has: it asks every CLAIM_EVERY_MS (the page once said «в течение минуты»)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    options = (root / "extension/src/options/options.js").read_text("utf-8")
    every_ms = int(re.search(r"CLAIM_EVERY_MS = ([\d_]+);", options).group(1).replace("_", ""))
    assert every_ms < 2000  # so a claim lands within two seconds, request time included
    ru = _confirm(client).get_data(as_text=True)
    assert "за пару секунд" in ru and "минуты" not in ru
    en = client.post("/pair?lang=en", data={"csrf_token": _csrf(client), "code": CODE,
                                            "origin": EXT, "operator": "Anna"})
    assert "within two seconds" in en.get_data(as_text=True)
    docs = (root / "docs/extension.md").read_text("utf-8")
    assert "within two seconds" in docs and "within a minute" not in docs
