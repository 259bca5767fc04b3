"""A template id is a single line of printable characters: refused with control
characters at every entrance (API, file import, the store), and a template already
stored under such an id (by an older otklik) can still be addressed and deleted."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from store_db import connect, init

from companion.cli import cli
from companion.storage import templates as store

# (inside the id: surrounding white space, «\x85» included, is stripped from an id)
BAD_IDS = ["a\nb", "line\r\nbreak", "tab\there", "nul\x00", "del\x7f", "sep\u2028ara", "c1\x85x"]


def _insert_raw(data_dir: Path, item_id: str, text: str = "Спасибо за обращение!") -> None:
    """A template stored the way an older otklik let one in (no id check)."""
    path = data_dir / "otklik.db"
    init(path)
    db = connect(path)
    try:
        db.execute(
            "INSERT INTO templates (id, text, source, created_at, updated_at) "
            "VALUES (?, ?, 'import', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            (item_id, text),
        )
        db.commit()
    finally:
        db.close()


@pytest.mark.parametrize("item_id", BAD_IDS)
def test_the_store_refuses_an_id_with_a_control_character(tmp_path: Path, item_id: str) -> None:
    init(tmp_path / "t.db")
    db = connect(tmp_path / "t.db")
    with pytest.raises(store.TemplateError, match=r"the id holds a control character \(U\+"):
        store.add_template(db, "Спасибо!", item_id)
    assert store.list_templates(db) == []


@pytest.mark.parametrize("item_id", BAD_IDS)
def test_the_api_refuses_an_id_with_a_control_character(api, item_id: str) -> None:
    r = api.post("/api/v1/templates", json={"id": item_id, "text": "Спасибо!"})
    assert r.status_code == 400, r.get_json()
    error = r.get_json()["error"]
    assert error["field"] == "id"
    assert "control character" in error["message"] and "\n" not in error["message"]
    assert api.get("/api/v1/templates").get_json()["templates"] == []


def test_import_refuses_a_file_with_such_an_id_and_names_the_line(runner, tmp_path: Path) -> None:
    src = tmp_path / "lib.json"
    src.write_text(json.dumps([{"id": "ok", "text": "Спасибо!"},
                               {"id": "two\nlines", "text": "Передали мастеру."}]),
                   encoding="utf-8")
    result = runner.invoke(cli, ["templates", "import", str(src)])
    assert result.exit_code != 0
    line = result.output.strip()
    assert "\n" not in line and "lib.json" in line and "JSON item 1" in line  # from 0
    assert "control character (U+000A" in line
    listed = runner.invoke(cli, ["templates", "list", "--json"])
    assert json.loads(listed.output) == []  # nothing half-imported


def test_a_csv_id_with_a_tab_is_refused(runner, tmp_path: Path) -> None:
    src = tmp_path / "lib.csv"
    src.write_text('id,text\nok,Спасибо!\n"a\tb",Передали мастеру.\n', encoding="utf-8")
    result = runner.invoke(cli, ["templates", "import", str(src)])
    assert result.exit_code != 0
    assert "CSV line 3" in result.output and "control character (U+0009" in result.output


@pytest.mark.parametrize("item_id", ["a\nb", "tab\there", "sep\u2028ara", "c1\x85x", "nul\x00"])
def test_an_old_bad_id_can_be_updated_and_deleted_through_the_api(
    api, data_dir: Path, item_id: str
) -> None:
    _insert_raw(data_dir, item_id)
    url = "/api/v1/templates/" + quote(item_id, safe="")
    r = api.put(url, json={"text": "Спасибо, что написали!"})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["template"]["id"] == item_id
    r = api.delete(url)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json() == {"deleted": item_id}
    assert api.get("/api/v1/templates").get_json()["templates"] == []


@pytest.mark.parametrize("item_id", ["a\nb", "line\r\nbreak", "tab\there"])
def test_an_old_bad_id_can_be_deleted_from_the_dashboard(
    client, data_dir: Path, item_id: str
) -> None:
    _insert_raw(data_dir, item_id)
    _insert_raw(data_dir, "fine", "Передали мастеру.")
    html = client.get("/templates").get_data(as_text=True)
    actions = re.findall(r'<form method="post" action="(/templates/[^"]*/delete)"', html)
    assert len(actions) == 2
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    bad = next(a for a in actions if a != "/templates/fine/delete")
    done = client.post(bad, data={"csrf_token": token})
    assert done.status_code == 302, done.get_data(as_text=True)
    db = connect(data_dir / "otklik.db")
    try:
        assert [t["id"] for t in store.list_templates(db)] == ["fine"]
    finally:
        db.close()
