"""The template library: formats in and out, ids, and the `otklik templates` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_db import connect, init

from companion.cli import cli
from companion.storage import templates as store

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")

TEMPLATES = [
    ("d01", "Спасибо, что обратились к нам. Информация передана профильным специалистам."),
    ("d02", 'Просим прощения за ситуацию, "мы разберёмся", и сообщим результат.'),
    ("d03", "Уточните, пожалуйста, адрес подключения\nи номер телефона."),
]


@pytest.fixture
def db(store: str):
    init(store)
    conn = connect(store)
    yield conn
    conn.close()


def test_add_get_update_delete(db) -> None:
    added = store.add_template(db, "  Мастер придёт завтра.  ", "m1")
    assert added["id"] == "m1" and added["text"] == "Мастер придёт завтра."
    assert added["source"] == "manual" and added["created_at"] == added["updated_at"]
    with pytest.raises(store.TemplateError, match="already exists"):
        store.add_template(db, "другой текст", "m1")
    updated = store.update_template(db, "m1", "Мастер придёт послезавтра.")
    assert updated["text"] == "Мастер придёт послезавтра."
    assert store.update_template(db, "nope", "текст") is None
    assert store.delete_template(db, "m1") is True
    assert store.delete_template(db, "m1") is False
    assert store.list_templates(db) == []


def test_id_is_made_from_the_text_when_missing(db) -> None:
    a = store.add_template(db, "Мастер придёт завтра.")
    assert a["id"] == store.make_id("Мастер  придёт\nзавтра.")
    assert a["id"].startswith("tpl-")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_round_trips(db, tmp_path: Path, fmt: str) -> None:
    store.import_templates(db, TEMPLATES)
    exported = store.export_templates(db, fmt)
    init(tmp_path / "other.db")
    other = connect(tmp_path / "other.db")
    try:
        result = store.import_templates(other, store.parse_templates(exported, fmt))
        assert result.as_dict() == {"added": 3, "updated": 0, "unchanged": 0}
        assert [(t["id"], t["text"]) for t in store.list_templates(other)] == TEMPLATES
    finally:
        other.close()


def test_txt_is_one_template_per_paragraph(db) -> None:
    text = "Первый шаблон,\nна двух строках.\n\n\n  Второй шаблон.  \r\n\r\nТретий.\n"
    items = store.parse_templates(text, "txt")
    assert [t for _, t in items] == ["Первый шаблон, на двух строках.", "Второй шаблон.", "Третий."]
    store.import_templates(db, items)
    again = store.parse_templates(store.export_templates(db, "txt"), "txt")
    assert sorted(again) == sorted(items)


def test_reimport_is_idempotent_and_updates_changed_text(db) -> None:
    assert store.import_templates(db, TEMPLATES).as_dict() == {
        "added": 3, "updated": 0, "unchanged": 0}
    changed = [*TEMPLATES[:2], ("d03", "Напишите адрес в личные сообщения.")]
    assert store.import_templates(db, changed).as_dict() == {
        "added": 0, "updated": 1, "unchanged": 2}
    assert store.get_template(db, "d03")["text"] == "Напишите адрес в личные сообщения."


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        ("name,body\nx,y\n", "csv", "'text' column"),
        ("id,text\na,\n", "csv", "CSV line 2"),
        ("[{\"id\": \"a\"}]", "json", "JSON item 0"),
        ("{\"x\": 1}", "json", "expected a list"),
        ("[1]", "json", "JSON item 0"),
        ("not json", "json", "JSON"),
        ("шаблон", "xml", "unknown format"),
    ],
)
def test_bad_input_says_where(content: str, fmt: str, message: str) -> None:
    with pytest.raises(store.TemplateError, match=message):
        store.parse_templates(content, fmt)


def test_json_accepts_strings_and_an_object_wrapper() -> None:
    items = store.parse_templates(
        json.dumps({"templates": ["Один.", {"id": "b", "text": "Два."}]}), "json"
    )
    assert items == [(store.make_id("Один."), "Один."), ("b", "Два.")]


def test_bad_import_adds_nothing(db) -> None:
    with pytest.raises(store.TemplateError):
        store.import_templates(db, store.parse_templates("id,text\na,Один\nb,\n", "csv"))
    assert store.list_templates(db) == []


# -- the command line -----------------------------------------------------------------
def test_cli_import_list_export(runner, tmp_path: Path, data_dir: Path) -> None:
    src = tmp_path / "lib.csv"
    src.write_text("id,text\n" + "".join(f'{i},"{t}"\n' for i, t in
                                         [("a1", "Мастер придёт завтра."),
                                          ("a2", "Деньги вернём за три дня.")]),
                   encoding="utf-8")
    result = runner.invoke(cli, ["templates", "import", str(src)])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    assert "0 added, 0 updated, 2 unchanged" in runner.invoke(
        cli, ["templates", "import", str(src)]).output

    listed = runner.invoke(cli, ["templates", "list", "--json"])
    assert [t["id"] for t in json.loads(listed.stdout)] == ["a1", "a2"]

    out = tmp_path / "out.json"
    assert runner.invoke(cli, ["templates", "export", "--format", "json",
                               "--output", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))[1] == {
        "id": "a2", "text": "Деньги вернём за три дня."}
    txt = runner.invoke(cli, ["templates", "export", "--format", "txt"]).stdout
    assert txt == "Мастер придёт завтра.\n\nДеньги вернём за три дня.\n"

    # A CSV file opens in Excel with its Cyrillic intact (BOM) and imports back unchanged.
    out_csv = tmp_path / "out.csv"
    assert runner.invoke(cli, ["templates", "export", "--output", str(out_csv)]).exit_code == 0
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbfid,text\n")
    assert "0 added, 0 updated, 2 unchanged" in runner.invoke(
        cli, ["templates", "import", str(out_csv)]).output
    assert not runner.invoke(cli, ["templates", "export"]).stdout.startswith("\ufeff")


def test_cli_import_reports_a_bad_file(runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": "x", "text": ""}]', encoding="utf-8")
    result = runner.invoke(cli, ["templates", "import", str(bad)])
    assert result.exit_code == 1
    assert "JSON item 0" in result.output


def test_cli_import_txt_by_extension(runner, tmp_path: Path) -> None:
    src = tmp_path / "lib.txt"
    src.write_text("Первый.\n\nВторой.\n", encoding="utf-8")
    assert "2 added" in runner.invoke(cli, ["templates", "import", str(src)]).output


def test_cli_discover_finds_repeated_replies(runner, app, data_dir: Path) -> None:
    db = connect(app.config["STORE_URL"])
    try:
        texts = [
            "Добрый день! Мастер свяжется с вами в течение дня и согласует время визита.",
            "Здравствуйте, мастер свяжется с Вами в течение дня и согласует время визита",
            "Анна, мастер свяжется с вами в течение дня, согласует время визита.",
            "Проверили: авария на линии, чиним до вечера.",
        ]
        for i, text in enumerate(texts):
            db.execute(
                "INSERT INTO replies (event_uuid, platform, comment_id, operator, text, "
                "reply_sent_at, created_at) VALUES (?, 'vk', ?, 'Анна', ?, ?, ?)",
                (f"u{i}", f"c{i}", text, "2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z"),
            )
    finally:
        db.close()
    result = runner.invoke(cli, ["templates", "discover", "--json"])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.stdout)
    assert len(groups) == 1 and groups[0]["count"] == 3
    assert runner.invoke(cli, ["templates", "discover", "--min-count", "4"]).output.startswith(
        "No reply"
    )
    added = runner.invoke(cli, ["templates", "discover", "--add"])
    assert added.exit_code == 0
    listed = json.loads(runner.invoke(cli, ["templates", "list", "--json"]).stdout)
    assert [t["source"] for t in listed] == ["discover"]
    assert listed[0]["text"] == groups[0]["text"]


# -- one id given twice in one file ------------------------------------------------------
@pytest.mark.parametrize(("content", "fmt", "message"), [
    ("id,text\nq,Один\nb,Два\nq,Три\n", "csv",
     "CSV line 4: the id 'q' is already on CSV line 2 with another text"),
    ('[{"id": "q", "text": "Один"}, {"id": "q", "text": "Два"}]', "json",
     "JSON item 1: the id 'q' is already on JSON item 0 with another text"),
])
def test_one_id_with_two_texts_in_a_file_is_refused(content, fmt, message) -> None:
    # The first text was dropped without a word («1 added, 1 updated»).
    with pytest.raises(store.TemplateError) as err:
        store.parse_templates(content, fmt)
    assert str(err.value) == message


def test_the_same_template_twice_in_a_file_is_one_template() -> None:
    items = store.parse_templates("id,text\nq,Один\n,Два\nq,Один\n,Два\n", "csv")
    assert items == [("q", "Один"), (store.make_id("Два"), "Два")]


def test_two_texts_whose_made_ids_collide_are_both_kept(monkeypatch) -> None:
    # tpl-<8 hex>: among 100,000 templates two texts share one about once (a birthday
    # collision, seen importing 100,000 paragraphs: «99999 added, 1 updated»).
    real = store.make_id
    monkeypatch.setattr(store, "make_id", lambda text, size=8: real("same", size)
                        if size == 8 else real(text, size))
    items = store.parse_templates("Один.\n\nДва.\n", "txt")
    assert [text for _, text in items] == ["Один.", "Два."]
    assert len({item_id for item_id, _ in items}) == 2
