"""`otklik classify` and POST /analyze: one analysis, two doors."""

from __future__ import annotations

import json

import pytest

from companion.cli import cli

LINES = [
    {"id": 1, "text": "Третий день нет интернета!!! Верните деньги, жулики!"},
    {"id": "b", "text": "Спасибо огромное, мастер всё починил 😊", "author": "42"},
    {
        "id": "c",
        "text": "Подскажите, пожалуйста, где посмотреть номер договора?",
        "posted_at": "2026-11-22T10:00:00+03:00",
    },
]


def _check_result(result: dict) -> None:
    assert set(result) == {"id", "tone", "gratitude", "persona", "author_role"}
    assert result["author_role"] in {"customer", "brand"}
    scores = result["tone"]["scores"]
    assert set(scores) == {"negative", "neutral", "positive"}
    assert abs(sum(scores.values()) - 1) < 1e-3
    assert result["tone"]["label"] == max(scores, key=scores.get)
    assert isinstance(result["gratitude"], bool)
    persona = result["persona"]
    assert persona["label"] in {"unsure", "talker", "positive", "aggressor", "expert", "none"}
    assert 0 <= persona["confidence"] <= 1


def test_brand_replies_are_marked_and_get_no_persona(runner):
    """The brand's own reply in the stream is no customer: author_role brand, persona none."""
    lines = [
        {"id": "b", "text": "@anna_k Анна, добрый день! Уточните, пожалуйста, номер договора "
                            "в личных сообщениях, проверим. ^ОК #Связь"},
        {"id": "c", "text": "Вы жулики, верните деньги, буду жаловаться в прокуратуру!!!"},
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    result = runner.invoke(cli, ["classify"], input=stdin)
    assert result.exit_code == 0, result.output
    brand, customer = (json.loads(line) for line in result.stdout.splitlines())
    assert (brand["author_role"], brand["persona"]["label"]) == ("brand", "none")
    assert (customer["author_role"], customer["persona"]["label"]) == ("customer", "aggressor")


def test_classify_reads_and_writes_json_lines(runner):
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in LINES) + "\n"
    result = runner.invoke(cli, ["classify"], input=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == [1, "b", "c"]
    for r in out:
        _check_result(r)
    assert out[0]["tone"]["label"] == "negative"
    assert out[1]["tone"]["label"] == "positive" and out[1]["gratitude"] is True


def test_bad_lines_are_reported_and_the_rest_processed(runner, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps(LINES[0], ensure_ascii=False) + "\n"
        "{broken\n"
        "[1, 2]\n"
        '{"id": 5}\n'
        '{"id": 6, "text": 7}\n'
        '{"id": 7, "text": "ok", "posted_at": "вчера"}\n'
        "\n" + json.dumps(LINES[1], ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["classify", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 1
    for number in (2, 3, 4, 5, 6):
        assert f"line {number}:" in result.stderr
    assert '"text" is required' in result.stderr
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == [1, "b"]


def test_analyze_api_gives_the_same_results(api, runner):
    response = api.post("/api/v1/analyze", json={"comments": LINES})
    assert response.status_code == 200, response.json
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in LINES)
    cli_out = [
        json.loads(x) for x in runner.invoke(cli, ["classify"], input=stdin).stdout.splitlines()
    ]
    assert response.json["results"] == cli_out


def test_analyze_in_english(api):
    response = api.post("/api/v1/analyze", json={"comments": LINES[:1], "lang": "en"})
    behaviour = response.json["results"][0]["persona"]["behaviour"]
    assert behaviour and not any("а" <= ch <= "я" for ch in behaviour.lower())


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"comments": [{"text": "x"}]}, "comments[0].id"),
        ({"comments": [{"id": 1}]}, "comments[0].text"),
        ({"comments": [{"id": 1, "text": "x", "posted_at": "nope"}]}, "comments[0].posted_at"),
        ({"comments": [], "lang": "de"}, "lang"),
        ({"comments": [{"id": 1, "text": "x"}] * 501}, "comments"),
    ],
)
def test_analyze_bad_input(api, body, field):
    response = api.post("/api/v1/analyze", json=body)
    assert response.status_code == 400
    assert response.json["error"]["field"] == field


def test_classify_reads_a_csv_as_excel_saves_it(runner, tmp_path):
    """A Russian Excel export: cp1251, ';', a quoted text with the separator in it; the
    results match the same comments sent as JSON Lines, and an empty cell is a bad row."""
    source = tmp_path / "comments.csv"
    source.write_bytes(
        (
            "id;text;author\r\n"
            f"1;{LINES[0]['text']};\r\n"
            f'b;"{LINES[1]["text"]}";42\r\n'
            "c;;7\r\n"
            'd;"Скорость падает; каждый вечер"\r\n'
        ).encode("cp1251", errors="ignore")
    )
    target = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["classify", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 1
    assert f'{source}: line 4: "text" is empty' in result.stderr
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == ["1", "b", "d"]
    for r in out:
        _check_result(r)
    assert out[0]["tone"]["label"] == "negative"
    assert out[1]["gratitude"] is True


def test_csv_without_an_id_column_numbers_the_rows_by_line(runner, tmp_path):
    source = tmp_path / "comments.tsv"
    source.write_text("text\nСпасибо большое!\n\nВерните деньги, жулики!!!\n", encoding="utf-8")
    result = runner.invoke(cli, ["classify", "--input", str(source)])
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [2, 4]


def test_csv_is_recognised_by_its_header_on_stdin(runner):
    result = runner.invoke(cli, ["classify"], input="id,text\n1,Спасибо огромное!\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "1"
    result = runner.invoke(cli, ["classify"], input="Text\nСпасибо огромное!\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # An unquoted comma: the row is not cut to its first part, the file is refused.
        ("id,text\n1,Спасибо\n2,Скорость падает, каждый вечер\n",
         "line 3: 3 fields but the header names 2 (a comma inside a text?"),
        ("name;body\n1;Спасибо\n", "line 1: the header must name the column(s) text"),
        ('id,text\n1,"Спасибо\n2,ещё\n', "line 2: a double quote opened on this line"),
    ],
)
def test_a_broken_csv_is_one_line_and_leaves_no_output(runner, tmp_path, content, message):
    source = tmp_path / "comments.csv"
    source.write_text(content, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["classify", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {source}: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()


def test_no_output_file_when_every_line_failed(runner, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": ""}\n{"id": 2}\n', encoding="utf-8")
    target = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["classify", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 1
    assert 'line 1: "text" is empty' in result.stderr
    assert 'line 2: "text" is required' in result.stderr
    assert not target.exists()
