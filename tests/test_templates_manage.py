"""Templates you can manage: remove, preview an import, undo the last one, delete in the
dashboard (with CSRF)."""

from __future__ import annotations

import json
import re

import pytest

from companion.cli import cli

FIRST = "id,text\na,Добрый день! Проверим и вернёмся с ответом.\nb,Спасибо за обращение!\n"
SECOND = 'id,text\nb,"Спасибо, что написали нам!"\nc,Передали мастеру.\n'


def _ids(runner) -> dict[str, str]:
    rows = json.loads(runner.invoke(cli, ["templates", "list", "--json"]).output)
    return {r["id"]: r["text"] for r in rows}


def test_dry_run_changes_nothing_and_undo_takes_the_import_back(runner, tmp_path, data_dir):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    assert runner.invoke(cli, ["templates", "import", str(first)]).exit_code == 0

    preview = runner.invoke(cli, ["templates", "import", str(second), "--dry-run"])
    assert preview.exit_code == 0, preview.output
    assert preview.stdout.startswith("1 would be added, 1 would be updated, 0 unchanged")
    assert "+ c  Передали мастеру." in preview.stdout and "~ b  Спасибо, что" in preview.stdout
    assert _ids(runner) == {"a": "Добрый день! Проверим и вернёмся с ответом.",
                            "b": "Спасибо за обращение!"}

    assert runner.invoke(cli, ["templates", "import", str(second)]).exit_code == 0
    assert _ids(runner)["b"] == "Спасибо, что написали нам!" and "c" in _ids(runner)

    undone = runner.invoke(cli, ["templates", "undo"])
    assert undone.exit_code == 0, undone.output
    assert "1 removed, 1 restored" in undone.output
    assert _ids(runner) == {"a": "Добрый день! Проверим и вернёмся с ответом.",
                            "b": "Спасибо за обращение!"}
    again = runner.invoke(cli, ["templates", "undo"])
    assert again.exit_code == 1 and "no import to undo" in again.output


def test_import_names_the_columns_it_ignores(runner, tmp_path, data_dir):
    """The drafts file (text,template,templated) was imported as templates without a
    word: the columns other than id and text are named on stderr, in --dry-run too,
    and the import still goes ahead (exit 0)."""
    drafts = tmp_path / "drafts.csv"
    drafts.write_text("text,template,templated\nПередали мастеру.,d01,0\n", encoding="utf-8")
    for args in (["--dry-run"], []):
        result = runner.invoke(cli, ["templates", "import", str(drafts), *args])
        assert result.exit_code == 0, result.output
        warning = [line for line in result.stderr.splitlines() if "ignored" in line]
        assert warning == [f"{drafts}: ignored column(s): template, templated (a template "
                           "list has only id and text; is this the right file?)"]
        assert "ignored" not in result.stdout
    assert list(_ids(runner).values()) == ["Передали мастеру."]
    # A plain id,text library (a trailing empty column as Excel may leave) says nothing.
    lib = tmp_path / "lib.csv"
    lib.write_text("id;text;\na;Спасибо за обращение!;\n", encoding="utf-8")
    result = runner.invoke(cli, ["templates", "import", str(lib)])
    assert result.exit_code == 0 and "ignored" not in result.stderr


def test_undo_counts_what_it_took_back(runner, tmp_path):
    """A template removed after the import is not counted as removed by the undo."""
    src = tmp_path / "lib.csv"
    src.write_text(FIRST, encoding="utf-8")
    runner.invoke(cli, ["templates", "import", str(src)])
    assert runner.invoke(cli, ["templates", "remove", "b"]).exit_code == 0
    undone = runner.invoke(cli, ["templates", "undo"])
    assert undone.exit_code == 0, undone.output
    assert "undone: 1 removed, 0 restored (1 removed since the import" in undone.output
    assert _ids(runner) == {}


def test_remove_by_id(runner, tmp_path):
    src = tmp_path / "lib.csv"
    src.write_text(FIRST, encoding="utf-8")
    runner.invoke(cli, ["templates", "import", str(src)])
    result = runner.invoke(cli, ["templates", "remove", "a", "zzz"])
    assert result.exit_code == 1
    assert "1 template(s) removed" in result.output and "no template with id zzz" in result.output
    assert list(_ids(runner)) == ["b"]


def test_dashboard_delete_button_needs_csrf(client, runner, tmp_path):
    src = tmp_path / "lib.csv"
    src.write_text(FIRST, encoding="utf-8")
    runner.invoke(cli, ["templates", "import", str(src)])
    page = client.get("/templates")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'action="/templates/a/delete"' in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    assert client.post("/templates/a/delete").status_code == 403  # no CSRF token
    assert "a" in _ids(runner)
    done = client.post("/templates/a/delete", data={"csrf_token": token})
    assert done.status_code == 302
    assert list(_ids(runner)) == ["b"]
    assert client.post("/templates/a/delete", data={"csrf_token": token}).status_code == 404


def test_undo_after_an_import_that_changed_nothing_takes_back_the_one_before(runner, tmp_path):
    """The same file imported twice: the second import changes nothing and is not recorded,
    so undo takes back the first; the help says "the last import that changed something"."""
    src = tmp_path / "first.csv"
    src.write_text(FIRST, encoding="utf-8")
    assert runner.invoke(cli, ["templates", "import", str(src)]).exit_code == 0
    assert runner.invoke(cli, ["templates", "import", str(src)]).exit_code == 0
    undone = runner.invoke(cli, ["templates", "undo"])
    assert "2 removed" in undone.output and _ids(runner) == {}
    helped = runner.invoke(cli, ["templates", "undo", "--help"])
    assert "last `templates import` that changed something" in " ".join(helped.output.split())


@pytest.mark.parametrize("journal", [
    "[]", '{"file": "x"}', '{"added": 5, "previous": {}}', '{"added": [1], "previous": {}}',
    '{"added": [], "previous": []}', '{"added": [], "previous": {"a": null}}',
])
def test_undo_with_a_damaged_record_is_one_line(runner, data_dir, journal):
    assert runner.invoke(cli, ["templates", "list"]).exit_code == 0
    (data_dir / "last_import.json").write_text(journal, encoding="utf-8")
    result = runner.invoke(cli, ["templates", "undo"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "last_import.json: not a readable import record" in result.output


def test_an_export_that_fails_leaves_the_previous_file_whole(runner, tmp_path, monkeypatch):
    src = tmp_path / "lib.csv"
    src.write_text(FIRST, encoding="utf-8")
    assert runner.invoke(cli, ["templates", "import", str(src)]).exit_code == 0
    out = tmp_path / "export.csv"
    out.write_text("the previous export\n", encoding="utf-8")
    real = type(out).write_text

    def half_then_disk_full(self, data, *args, **kwargs):
        real(self, data[: len(data) // 2], *args, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(out), "write_text", half_then_disk_full)
    result = runner.invoke(cli, ["templates", "export", "--output", str(out)])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert f"Cannot use {out}: No space left on device" in result.output
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert not list(tmp_path.glob(".export.csv*"))  # no temporary file left behind


@pytest.mark.parametrize("value", ["nan", "NaN", "-nan"])
def test_discover_refuses_a_threshold_that_is_not_a_number(runner, value):
    result = runner.invoke(cli, ["templates", "discover", "--threshold", value])
    assert result.exit_code == 2
    assert "--threshold" in result.output and "must be a number from 0.5 to 1" in result.output
