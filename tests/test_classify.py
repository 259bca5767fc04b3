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
