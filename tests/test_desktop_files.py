"""Files as Windows and Excel save them, given to every command that reads a file.

cp1251, UTF-8 with a BOM, semicolon CSV (Russian Excel's default), tab CSV, and a JSON
Lines file of comments where a template list or a labelled CSV is expected: each is
read, or refused in one line naming the file, the line and what is wrong; never a
traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from companion import textfile
from companion.cli import cli

COMMENTS = [
    {"id": 1, "text": "Третий день нет интернета! Верните деньги!", "author": "42"},
    {"id": 2, "text": "Спасибо огромное, мастер всё починил", "author": "43"},
    {"id": 3, "text": "Подскажите, где посмотреть номер договора?", "author": "44"},
]
JSONL = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in COMMENTS)


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


# -- the reader itself ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("текст,метка\n".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "текст,метка\n".encode(), "utf-8-sig"),
        ("Спасибо за помощь, всё работает\nТретий день нет связи\n".encode("cp1251"), "cp1251"),
        ("текст\tметка\n".encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_found(data: bytes, encoding: str) -> None:
    got = textfile.decode(data, "f.csv")
    assert got.encoding == encoding
    assert "\ufeff" not in got.text and ("текст" in got.text or "Спасибо" in got.text)


def test_binary_is_refused_with_the_line() -> None:
    refused = r"f.xlsx: line 2: not text in UTF-8 or cp1251"
    with pytest.raises(textfile.FileProblem, match=refused) as err:
        textfile.decode(b"PK\x03\x04\n\x00\x00\xff\xfe\x00", "f.xlsx")
    # The advice names an encoding to save in, not "UTF-8 or CSV" (an encoding and a format).
    assert "or CSV" not in str(err.value) and "save it as UTF-8 text" in str(err.value)


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_delimiters_are_sniffed(sep: str) -> None:
    text = f"text{sep}label\n\"Ну, такое; бывает\"{sep}neutral\nОтлично{sep}positive\n"
    header, rows = textfile.read_csv(textfile.TextFile("x.csv", text, "utf-8"), ("text",))
    assert header == ["text", "label"]
    assert rows == [(2, {"text": "Ну, такое; бывает", "label": "neutral"}),
                    (3, {"text": "Отлично", "label": "positive"})]


def test_csv_without_the_column_names_what_it_found() -> None:
    with pytest.raises(textfile.FileProblem) as err:
        textfile.read_csv(textfile.TextFile("x.csv", "name;body\na;b\n", "utf-8"), ("text",))
    assert str(err.value) == (
        "x.csv: line 1: the header must name the column(s) text "
        "(found: name, body; read as semicolon-separated)"
    )


# -- classify and check ------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["cp1251", "utf-8-sig", "utf-8"])
@pytest.mark.parametrize("command", ["classify", "check"])
def test_json_lines_in_any_desktop_encoding(runner, tmp_path, command, encoding) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(JSONL.encode(encoding))
    result = runner.invoke(cli, [command, "--input", str(src)])
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == [1, 2, 3]
    if command == "classify":
        assert out[0]["tone"]["label"] == "negative"
        assert out[1]["tone"]["label"] == "positive"


def test_a_csv_given_to_check_is_read_like_classify(runner, tmp_path) -> None:
    """`check` and `classify` read the same Excel CSV (cp1251, `;`) the same way."""
    src = tmp_path / "comments.csv"
    src.write_bytes("id;text\n1;Привет\n".encode("cp1251"))
    result = runner.invoke(cli, ["check", "--input", str(src)])
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "1"
    result = runner.invoke(cli, ["classify", "--input", str(src)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "1"


# -- templates import ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("lib.csv", "id;text\na;Добрый день! Проверим и вернёмся с ответом.\n".encode("cp1251")),
        ("lib.csv", b"\xef\xbb\xbf" + "id,text\na,Добрый день! Проверим и вернёмся с ответом.\n"
         .encode()),
        ("lib.csv", "id\ttext\na\tДобрый день! Проверим и вернёмся с ответом.\n".encode()),
        ("lib.json", b"\xef\xbb\xbf" + json.dumps(
            [{"id": "a", "text": "Добрый день! Проверим и вернёмся с ответом."}],
            ensure_ascii=False).encode()),
        ("lib.txt", "Добрый день! Проверим и вернёмся с ответом.\n".encode("cp1251")),
        # Excel's «Текст (с разделителями табуляции)» and other tables saved as .txt
        ("lib.txt", "id\ttext\na\tДобрый день! Проверим и вернёмся с ответом.\n"
         .encode("cp1251")),
        ("lib.txt", "Text;note\nДобрый день! Проверим и вернёмся с ответом.;x\n".encode()),
        ("lib.txt", json.dumps([{"id": "a", "text": "Добрый день! Проверим и вернёмся с "
                                 "ответом."}], ensure_ascii=False).encode()),
    ],
)
def test_template_files_from_desktops(runner, tmp_path, name, data) -> None:
    src = tmp_path / name
    src.write_bytes(data)
    result = runner.invoke(cli, ["templates", "import", str(src)])
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    # (A table's other columns are named on stderr: «ignored column(s): note».)
    assert result.stdout.startswith("1 added"), result.output
    listed = json.loads(runner.invoke(cli, ["templates", "list", "--json"]).output)
    assert [t["text"] for t in listed] == ["Добрый день! Проверим и вернёмся с ответом."]


def test_template_import_refuses_json_lines_of_comments(runner, tmp_path) -> None:
    src = tmp_path / "comments.jsonl"
    src.write_text(JSONL * 20, encoding="utf-8")
    result = runner.invoke(cli, ["templates", "import", str(src)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert f"{src}: line 1: found JSON Lines (60 lines of objects with fields id, text, author)" \
        in result.output
    assert "look like comments, not templates" in result.output
    assert json.loads(runner.invoke(cli, ["templates", "list", "--json"]).output) == []


def test_template_import_refuses_a_csv_without_text(runner, tmp_path) -> None:
    src = tmp_path / "lib.csv"
    src.write_bytes("номер;ответ\n1;Добрый день\n".encode("cp1251"))
    result = runner.invoke(cli, ["templates", "import", str(src)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert (f"{src}: CSV line 1: the header must name a 'text' column ('id' is optional) "
            "(found: номер, ответ; read as semicolon-separated)") in result.output


def test_template_import_refuses_a_text_that_is_a_list(runner, tmp_path) -> None:
    src = tmp_path / "comments.txt"
    src.write_text("\n".join(f"Комментарий номер {i}" for i in range(40)), encoding="utf-8")
    result = runner.invoke(cli, ["templates", "import", str(src)])
    assert result.exit_code == 1
    assert "paragraph 1: 40 lines without a blank line" in result.output


def test_missing_file_is_one_line(runner, tmp_path) -> None:
    result = runner.invoke(cli, ["templates", "import", str(tmp_path / "nope.csv")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'nope.csv'}: no such file"


# -- train ---------------------------------------------------------------------------------
def test_train_reads_a_cp1251_semicolon_csv_and_names_bad_lines(runner, tmp_path) -> None:
    src = tmp_path / "mine.csv"
    src.write_bytes("text;label\nСпасибо;positive\nУжас;angry\n".encode("cp1251"))
    result = runner.invoke(cli, ["train", "--data", str(src)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert f"{src}: line 3: label 'angry' is not one of negative, neutral, positive" \
        in result.output


def test_train_refuses_json_lines(runner, tmp_path) -> None:
    src = tmp_path / "comments.jsonl"
    src.write_text(JSONL, encoding="utf-8")
    result = runner.invoke(cli, ["train", "--data", str(src)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert f"{src}: line 1: this is JSON, not a CSV with the columns text and label" \
        in result.output


def test_train_names_a_header_without_label(runner, tmp_path) -> None:
    src = tmp_path / "mine.csv"
    src.write_bytes(b"\xef\xbb\xbf" + "text\nСпасибо\n".encode())
    result = runner.invoke(cli, ["train", "--data", str(src)])
    assert result.exit_code == 1
    assert "line 1: the header must name the column(s) text, label (found: text" in result.output


def test_stdin_is_read_too(runner) -> None:
    result = runner.invoke(cli, ["classify"], input=JSONL.encode("cp1251"))
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3


def test_textfile_refuses_folders(tmp_path: Path) -> None:
    with pytest.raises(textfile.FileProblem, match="is a folder"):
        textfile.read_text(tmp_path)


def test_an_unquoted_delimiter_in_a_text_is_named(runner, tmp_path) -> None:
    src = tmp_path / "lib.csv"
    src.write_text("id,text\nb,Спасибо, что написали нам!\n", encoding="utf-8")
    result = runner.invoke(cli, ["templates", "import", str(src)])
    assert result.exit_code == 1
    assert ("CSV line 2: 3 fields but the header names 2 (a comma inside a text? put that "
            "text in double quotes)") in result.output


@pytest.mark.parametrize(("text", "line"), [
    ('id;text\nt1;"Незакрытый\nt2;Ещё\n', 2),
    ('text,label\nХорошо,positive\n"незакрытая,positive\nok,neutral\n', 3),
])
def test_a_quote_never_closed_names_the_line_it_opens(text: str, line: int) -> None:
    with pytest.raises(textfile.FileProblem) as err:
        textfile.read_csv(textfile.TextFile("x.csv", text, "utf-8"), ("text",))
    assert str(err.value) == (
        f"x.csv: line {line}: a double quote opened on this line is never closed "
        "(the rest of the file was read as one text)"
    )


def test_quoted_lines_and_a_stray_quote_are_read_as_texts() -> None:
    text = 'id;text\nt1;Скажите "да\nt2;"Ещё\nодна"\n'
    _, rows = textfile.read_csv(textfile.TextFile("x.csv", text, "utf-8"), ("text",))
    assert [r["text"] for _, r in rows] == ['Скажите "да', "Ещё\nодна"]


# -- JSON nested deeper than Python's recursion limit ---------------------------------------
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("command", [["classify"], ["check"]])
def test_a_json_line_nested_too_deep_is_a_bad_line(runner, tmp_path, command) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(DEEP + "\n" + json.dumps({"id": 1, "text": "Спасибо"}) + "\n",
                   encoding="utf-8")
    result = runner.invoke(cli, [*command, "--input", str(src)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert f"{src}: line 1: not valid JSON (nested too deeply)" in result.output
    assert len(result.stdout.splitlines()) == 1  # the good line is still processed


@pytest.mark.parametrize(("name", "content", "where"), [
    ("deep.json", DEEP, "JSON: nested too deeply"),
    ("deep.txt", DEEP, "JSON: nested too deeply"),
    ("deep_lines.txt", '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n{}\n", None),
])
def test_a_template_file_nested_too_deep_is_one_line(runner, tmp_path, name, content, where):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["templates", "import", str(src)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {src}: ")
    assert len(result.output.strip().splitlines()) == 1
    if where:
        assert where in result.output


# -- old Mac line ends: Excel for Mac's «CSV (Macintosh)» ends rows with a bare CR --------
def test_a_csv_with_bare_cr_line_ends_is_read(runner, tmp_path) -> None:
    # It stopped with Python's «new-line character seen in unquoted field - do you need
    # to open the file in universal-newline mode?», which tells a trainer nothing.
    _, rows = textfile.read_csv(
        textfile.TextFile("mac.csv", 'id;text\rt1;Спасибо!\rt2;"Две\rстроки"\r', "utf-8"),
        ("text",))
    assert [(n, r["id"], r["text"]) for n, r in rows] == [
        (2, "t1", "Спасибо!"), (4, "t2", "Две\nстроки")]
    src = tmp_path / "mac.csv"
    src.write_bytes("id;text\rt1;Спасибо, что написали!\r".encode("cp1251"))
    result = runner.invoke(cli, ["templates", "import", str(src)])
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output


# -- a file without a size: a device or a pipe ---------------------------------------------
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("command", [["templates", "import", "--dry-run"], ["train", "--data"]])
def test_an_endless_input_stops_at_the_limit(runner, monkeypatch, command) -> None:
    # st_size of /dev/zero is 0, so the limit was never checked: read until MemoryError.
    monkeypatch.setattr(textfile, "MAX_BYTES", 64 * 1024)
    result = runner.invoke(cli, [*command, "/dev/zero"])
    _no_traceback(result)
    assert result.exit_code == 1
    assert "/dev/zero: is larger than the limit of 65,536 bytes" in result.output
