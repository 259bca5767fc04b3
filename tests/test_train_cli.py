"""`otklik train`: the team's own tone model, then used by the companion."""

from __future__ import annotations

import csv
import json

import pytest

from companion.cli import cli
from companion.db import connect

NEG = [
    "Опять нет связи, сколько можно",
    "Ужасный сервис, никто не отвечает",
    "Деньги списали, а услуги нет",
    "Хуже оператора не видел",
    "Курьер нагрубил и опоздал",
    "Третий день без интернета, позор",
]
POS = [
    "Спасибо, всё быстро починили",
    "Отличный тариф, очень довольна",
    "Мастер молодец, всё объяснил",
    "Классное приложение, удобно",
    "Доставка вовремя, супер",
    "Благодарю за помощь, вы лучшие",
]
NEU = [
    "Во сколько открывается офис на Ленина",
    "Какой номер у горячей линии",
    "Где посмотреть детализацию",
    "Есть ли доставка в Бердск",
    "Как сменить тариф",
    "Работаете ли вы в воскресенье",
]


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        writer.writerows(rows)


@pytest.mark.slow
def test_train_builds_a_model_the_companion_then_uses(runner, tmp_path, data_dir, api):
    source = tmp_path / "mine.csv"
    _write(
        source,
        [(t, "negative") for t in NEG]
        + [(t, "positive") for t in POS]
        + [(t, "neutral") for t in NEU],
    )
    result = runner.invoke(cli, ["train", "--data", str(source), "--base", "none"])
    assert result.exit_code == 0, result.output
    assert (data_dir / "models" / "tone_custom.joblib").exists()
    status = json.loads(runner.invoke(cli, ["status", "--json"]).output)
    assert status["models"]["tone"]["id"] == "tone_custom"
    assert api.get("/api/v1/health").json["models"]["tone"] == "tone_custom"


def test_train_names_the_bad_line(runner, tmp_path):
    source = tmp_path / "bad.csv"
    _write(source, [("хорошо", "positive"), ("плохо", "angry")])
    result = runner.invoke(cli, ["train", "--data", str(source)])
    assert result.exit_code != 0
    assert "line 3" in result.output and "angry" in result.output


def test_train_needs_data(runner):
    result = runner.invoke(cli, ["train"])
    assert result.exit_code == 2
    assert "--data" in result.output


def test_corrections_feed_training(app, data_dir):
    from companion.commands.train import corrections

    db = connect(app.config["DATABASE"])
    db.execute("INSERT INTO comments (platform, comment_id, text) VALUES ('vk', '1', 'Ну такое')")
    for value in ("neutral", "negative"):
        db.execute(
            "INSERT INTO corrections (platform, comment_id, field, value, created_at) "
            "VALUES ('vk', '1', 'tone', ?, '2026-11-22T10:00:00Z')",
            (value,),
        )
    db.execute(
        "INSERT INTO corrections (platform, comment_id, field, value, text, created_at) "
        "VALUES ('fb', '2', 'tone', 'positive', 'Огонь!', '2026-11-22T10:00:00Z')"
    )
    db.execute(
        "INSERT INTO corrections (platform, comment_id, field, value, created_at) "
        "VALUES ('vk', '1', 'persona', 'talker', '2026-11-22T10:00:00Z')"
    )
    db.close()
    assert sorted(corrections(data_dir)) == [("Ну такое", "negative"), ("Огонь!", "positive")]
