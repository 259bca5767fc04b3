"""`otklik check`: the JSON Lines contract, against the data dir's templates and replies."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from store_db import connect, init

from companion.cli import cli

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "templates"
LIBRARY = "id,text\nd06,Рекомендуем очистить кэш приложения и обновить его до последней версии.\n"


@pytest.fixture
def library(runner, tmp_path: Path) -> Path:
    path = tmp_path / "lib.csv"
    path.write_text(LIBRARY, encoding="utf-8")
    assert runner.invoke(cli, ["templates", "import", str(path)]).exit_code == 0
    return path


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_check_writes_one_line_per_input_in_order(runner, library) -> None:
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"id": "a", "text": "Рекомендуем Вам обновить приложение до последней версии и "
                            "очистить кэш!"},
        {"id": 2, "text": "Мастер будет у вас в 12, он позвонит за полчаса."},
        {"id": "c", "text": "В настоящее время данная услуга недоступна."},
    ]) + "\n"
    result = runner.invoke(cli, ["check"], input=stdin)
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert [o["id"] for o in out] == ["a", 2, "c"]
    for o in out:
        assert set(o) == {"id", "score", "level", "templated", "nearest_id", "nearest_kind",
                          "cliches"}
        assert o["templated"] == (o["level"] != "ok")
        assert o["nearest_kind"] == (o["nearest_id"] and "template")
    assert out[0]["templated"] is True and out[0]["nearest_id"] == "d06"
    assert out[0]["nearest_kind"] == "template"
    assert out[1]["templated"] is False
    assert [c["phrase"] for c in out[2]["cliches"]] == ["в настоящее время", "данная услуга"]
    assert out[2]["cliches"][0] == {"phrase": "в настоящее время", "start": 0, "end": 17,
                                    "alternative": "сейчас"}


def test_bad_lines_are_reported_and_the_rest_processed(runner, library, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": 1, "text": "Привет"}\n'
        "{broken\n"
        "\n"
        '{"id": 3}\n'
        '[1, 2]\n'
        '{"id": true, "text": "x"}\n'
        '{"id": 6, "text": "Рекомендуем очистить кэш приложения"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["check", "--input", str(src), "--output", str(out)])
    assert result.exit_code == 1
    assert [o["id"] for o in lines(out.read_text(encoding="utf-8"))] == [1, 6]
    err = result.stderr
    assert "line 2:" in err and "not valid JSON" in err
    assert 'line 4: "text" is required' in err
    assert "line 5: a JSON object is expected" in err
    assert 'line 6: "id" must be' in err
    assert "4 line(s) failed" in err


DRAFTS = [
    "Рекомендуем Вам обновить приложение до последней версии и очистить кэш!",
    "Мастер будет у вас в 12, он позвонит за полчаса; адрес тот же.",
    "В настоящее время данная услуга недоступна.",
]


def test_check_reads_a_csv_as_classify_does(runner, library, tmp_path: Path) -> None:
    """A trainer's drafts come as a spreadsheet: a CSV with a text column (here the dev
    set's own columns, text,template,templated) gets the results JSON Lines would, ids
    being line numbers without an id column; not one "not valid JSON" per line."""
    src = tmp_path / "drafts.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "template", "templated"])
        writer.writerows([t, "d06", "1"] for t in DRAFTS)
    result = runner.invoke(cli, ["check", "--input", str(src)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    got = lines(result.stdout)
    stdin = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                    for i, t in enumerate(DRAFTS, start=2))
    assert got == lines(runner.invoke(cli, ["check"], input=stdin).stdout)
    assert [o["id"] for o in got] == [2, 3, 4] and got[0]["nearest_id"] == "d06"


def test_check_reads_an_excel_csv_with_ids_and_reports_its_bad_rows(
    runner, library, tmp_path: Path
) -> None:
    # Russian Excel's «CSV (разделители — точки с запятой)»: cp1251, ';', CRLF.
    src = tmp_path / "черновики.csv"
    src.write_bytes(("id;text\r\nk1;" + DRAFTS[0] + "\r\n;" + DRAFTS[2] + "\r\n"
                     "k3;\"" + DRAFTS[1] + "\"\r\n").encode("cp1251"))
    result = runner.invoke(cli, ["check", "--input", str(src)])
    assert result.exit_code == 1
    assert [o["id"] for o in lines(result.stdout)] == ["k1", "k3"]
    assert 'line 3: "id" is required' in result.stderr
    assert "1 line(s) failed" in result.stderr and "not valid JSON" not in result.stderr


def test_check_names_the_missing_text_column_once(runner, library, tmp_path: Path) -> None:
    src = tmp_path / "drafts.csv"
    src.write_text("id,draft\n1,Привет\n2,Пока\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--input", str(src)])
    assert result.exit_code == 1
    assert "the header must name the column(s) text (found: id, draft" in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_check_uses_the_replies_stored_in_the_data_dir(runner, tmp_path: Path) -> None:
    base = tmp_path / "team"
    base.mkdir()
    init(base / "otklik.db")
    db = connect(base / "otklik.db")
    try:
        db.execute(
            "INSERT INTO replies (event_uuid, platform, comment_id, operator, text, "
            "reply_sent_at, created_at) VALUES ('u1', 'vk', 'c1', 'Анна', ?, ?, ?)",
            ("Курьер привезёт заказ заново до девяти вечера, доставка за наш счёт.",
             "2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z"),
        )
        reply_id = db.execute("SELECT id FROM replies").fetchone()[0]
    finally:
        db.close()
    stdin = json.dumps({"id": "x", "text": "Курьер привезёт заказ заново до 9 вечера, "
                                           "доставка за наш счёт!"}, ensure_ascii=False)
    result = runner.invoke(cli, ["--data-dir", str(base), "check"], input=stdin)
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)[0]
    assert out["templated"] is True and out["nearest_id"] == str(reply_id)
    # The reply's id is no template's: the output says so (the API's nearest.source).
    assert out["nearest_kind"] == "reply"


def test_check_reproduces_the_dev_set(runner, tmp_path: Path) -> None:
    if not SHARED.exists():
        pytest.skip("shared development data not present")
    assert runner.invoke(cli, ["templates", "import", str(SHARED / "library.csv")]).exit_code == 0
    with (SHARED / "drafts.csv").open(encoding="utf-8") as fh:
        drafts = list(csv.DictReader(fh))
    stdin = "".join(json.dumps({"id": i, "text": d["text"]}, ensure_ascii=False) + "\n"
                    for i, d in enumerate(drafts))
    out = lines(runner.invoke(cli, ["check"], input=stdin).stdout)
    assert [o["templated"] for o in out] == [d["templated"] == "1" for d in drafts]
