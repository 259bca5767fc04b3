"""`otklik train`: the team's own tone model, then used by the companion."""

from __future__ import annotations

import csv
import json
import re

import pytest
from store_db import connect

from companion.cli import cli

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


NAMES = ["Анна", "Игорь", "Мария", "Олег", "Светлана", "Дмитрий", "Елена", "Павел"]
POS_T = ["Спасибо, {n}, всё починили быстро!", "С днём рождения, {n}! Счастья!",
         "{n}, огромное спасибо за помощь", "Отличная работа, {n}, вы лучшие",
         "Благодарю, {n}, всё заработало"]
NEG_T = ["{n}, третий день нет связи, сколько можно", "Ужасно, {n}, деньги списали и тишина",
         "{n}, верните деньги, это обман", "Хуже сервиса не видел, {n}",
         "{n}, опять ничего не работает"]
# The first is a status notice a team calls neutral and the shipped model reads as
# negative (tone_v2: 0.53): the team's rows teach the adapter something.
NEU_T = ["{n}, подскажите часы работы офиса", "{n}, номер заблокирован по вашей просьбе",
         "{n}, как сменить тариф?",
         "Где найти договор, {n}?", "{n}, есть ли доставка в Бердск?",
         "{n}, какой номер поддержки?"]


def sixty_rows(invert: bool) -> list[tuple[str, str]]:
    """60 team rows; ``invert`` labels thanks and greetings negative and complaints
    positive: a file that would make any model worse."""
    def take(templates, label):
        return [(t.format(n=n), label) for t in templates for n in NAMES][:20]

    return (take(POS_T, "negative" if invert else "positive")
            + take(NEG_T, "positive" if invert else "negative") + take(NEU_T, "neutral"))


def team_rows() -> list[tuple[str, str]]:
    """Every template with every name (128 rows), labelled right: a team's file that the
    adapter learns from (tone_v2 reads the status notices wrong) without losing the
    sanity set; 60 such rows move the adapter too far from the shipped model there."""
    return [(t.format(n=n), label)
            for templates, label in ((POS_T, "positive"), (NEG_T, "negative"), (NEU_T, "neutral"))
            for t in templates for n in NAMES]


BIRTHDAY = "С днём рождения! Счастья и здоровья!"


def _tone(api, text):
    got = api.post("/api/v1/analyze", json={"comments": [{"id": "1", "text": text}]})
    assert got.status_code == 200, got.json
    return got.json["results"][0]["tone"]["label"]


def test_sixty_rows_that_make_things_worse_leave_the_shipped_model(runner, tmp_path, api):
    from model import tone

    shipped = tone.model_info()["id"]
    source = tmp_path / "mine.csv"
    _write(source, sixty_rows(invert=True))
    before = _tone(api, BIRTHDAY)
    result = runner.invoke(cli, ["train", "--data", str(source)])
    assert result.exit_code == 0, result.output
    assert f"NOT in use: not better than {shipped}: on the 75 clear-cut sanity comments" \
        in result.output
    assert api.get("/api/v1/health").json["models"]["tone"] == shipped
    assert _tone(api, BIRTHDAY) == before == "positive"
    listed = json.loads(runner.invoke(cli, ["models", "--json"]).output)
    assert [m["active"] for m in listed] == [True, False]
    candidate = listed[1]["id"]
    # Far below the model in use (0.92): measured as used, with the brand-comment prior,
    # which holds up some clear-cut comments the inverted rows turned round (0.755 since
    # the prior reads «Буду писать жалобу…» and «…вы всё испортили» too; 0.73 before).
    assert listed[1]["figures"]["sanity"]["macro_f1"] < 0.8
    assert listed[1]["decision"]["activated"] is False
    assert "adapted from" in listed[1]["license"]

    # The trainer insists, then goes back: the running companion follows each switch.
    used = runner.invoke(cli, ["models", "use", candidate])
    assert used.exit_code == 0 and "no restart needed" in used.output
    assert api.get("/api/v1/health").json["models"]["tone"] == candidate
    assert _tone(api, BIRTHDAY) == "negative"
    back = runner.invoke(cli, ["models", "use", "shipped"])
    assert back.exit_code == 0, back.output
    assert f"{shipped} is in use now (was {candidate})" in back.output
    assert api.get("/api/v1/health").json["models"]["tone"] == shipped
    assert _tone(api, BIRTHDAY) == "positive"


def test_a_better_model_is_used_at_once_and_force_overrides(runner, tmp_path, api):
    source = tmp_path / "mine.csv"
    _write(source, team_rows())
    result = runner.invoke(cli, ["train", "--data", str(source)])
    assert result.exit_code == 0, result.output
    assert "in use now: better than" in result.output
    assert "no restart needed" in result.output
    listed = json.loads(runner.invoke(cli, ["models", "--json"]).output)
    assert listed[-1]["active"] and not listed[0]["active"]
    assert api.get("/api/v1/health").json["models"]["tone"] == listed[-1]["id"]
    status = json.loads(runner.invoke(cli, ["status", "--json"]).output)
    assert status["models"]["tone"]["id"] == listed[-1]["id"]
    text = runner.invoke(cli, ["models"]).output
    assert f"* {listed[-1]['id']}" in text and "your rows held out 0.9" in text
    assert "persona, shipped" in text and text.count("license: ") == 3

    bad = tmp_path / "bad.csv"
    _write(bad, sixty_rows(invert=True))
    forced = runner.invoke(cli, ["train", "--data", str(bad), "--force"])
    assert forced.exit_code == 0, forced.output
    assert "in use now (--force), although not better than" in forced.output
    assert runner.invoke(cli, ["models", "use", "nope"]).exit_code == 1


def test_sixty_rows_labelled_right_are_used(runner, tmp_path):
    """The adapter moves gently with few rows: 60 rows a team labelled right are learnt
    (the status notice read as neutral) without losing the sanity set. A regression that
    re-learnt the whole mapping from them fell to 0.801 there and was not used."""
    source = tmp_path / "mine.csv"
    _write(source, sixty_rows(invert=False))
    result = runner.invoke(cli, ["train", "--data", str(source)])
    assert result.exit_code == 0, result.output
    assert "in use now: better than" in result.output
    sanity = re.search(r"sanity set (\d\.\d+) vs (\d\.\d+)", result.output)
    new, shipped = map(float, sanity.groups())
    assert new >= shipped - 0.03
    listed = json.loads(runner.invoke(cli, ["models", "--json"]).output)
    assert listed[-1]["active"] and listed[-1]["figures"]["team_cv"]["macro_f1"] == 1.0


def test_own_rows_only_is_compared_too(runner, tmp_path):
    source = tmp_path / "mine.csv"
    _write(source, team_rows())
    result = runner.invoke(cli, ["train", "--data", str(source), "--base", "none"])
    assert result.exit_code == 0, result.output
    assert "(your rows only)" in result.output
    listed = json.loads(runner.invoke(cli, ["models", "--json"]).output)
    assert listed[-1]["license"].startswith("trained only on the user's own")


def test_a_model_of_otklik_0_1_is_still_used(tmp_path, data_dir, api):
    """models/tone_custom.joblib (what `otklik train` wrote before) stays in use."""
    import shutil

    from model import tone
    from model.artifacts import meta_path

    models = data_dir / "models"
    models.mkdir(parents=True, exist_ok=True)
    shutil.copy(tone.SHIPPED_PATH, models / "tone_custom.joblib")
    meta = json.loads(meta_path(tone.SHIPPED_PATH).read_text(encoding="utf-8"))
    meta["id"] = "tone_custom"
    meta_path(models / "tone_custom.joblib").write_text(json.dumps(meta), encoding="utf-8")
    assert api.get("/api/v1/health").json["models"]["tone"] == "tone_custom"


def test_train_names_the_bad_line(runner, tmp_path):
    source = tmp_path / "bad.csv"
    _write(source, [("хорошо", "positive"), ("плохо", "angry")])
    result = runner.invoke(cli, ["train", "--data", str(source)])
    assert result.exit_code != 0
    assert "line 3" in result.output and "angry" in result.output


def test_too_few_rows_say_which_tone(runner, tmp_path):
    source = tmp_path / "few.csv"
    _write(source, [(t, "negative") for t in NEG] + [(t, "positive") for t in POS])
    result = runner.invoke(cli, ["train", "--data", str(source)])
    assert result.exit_code == 1
    assert "too few: neutral (0)" in result.output


def test_train_needs_data(runner):
    result = runner.invoke(cli, ["train"])
    assert result.exit_code == 2
    assert "--data" in result.output


def test_with_corrections_and_none_yet_says_so(runner):
    result = runner.invoke(cli, ["train", "--with-corrections"])
    assert result.exit_code == 2
    assert "trainers have not corrected any comment's tone yet" in result.output


def test_corrections_feed_training(app, data_dir):
    from companion.commands.train import corrections

    db = connect(app.config["STORE_URL"])
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


def test_an_adapter_whose_base_is_gone_falls_back_to_the_shipped_model(runner, tmp_path, api,
                                                                       data_dir):
    from model import tone

    source = tmp_path / "mine.csv"
    _write(source, team_rows())
    assert runner.invoke(cli, ["train", "--data", str(source)]).exit_code == 0
    meta_file = next((data_dir / "models" / "tone").glob("*.meta.json"))
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["base_model"] = "tone_v0"  # as if a later otklik shipped another tone model
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    shipped = tone.model_info()["id"]
    assert api.get("/api/v1/health").json["models"]["tone"] == shipped
    listed = json.loads(runner.invoke(cli, ["models", "--json"]).output)
    assert listed[0]["active"]
    assert listed[1]["note"] == "its base model tone_v0 is no longer shipped"
    refused = runner.invoke(cli, ["models", "use", meta["id"]])
    assert refused.exit_code == 1 and "its base model is no longer shipped" in refused.output


def _license_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip().startswith("license: ")]


def test_every_non_commercial_license_line_names_the_way_out_of_its_terms(runner, tmp_path):
    """`otklik train --data FILE.csv` adapts the shipped model, whose terms then still
    apply: the advice that status, models and train print must name `--base none`,
    the one command that gives a model free of them (README, Licenses)."""
    from model.artifacts import RETRAIN_ADVICE

    source = tmp_path / "mine.csv"
    _write(source, team_rows())
    trained = runner.invoke(cli, ["train", "--data", str(source)])
    assert trained.exit_code == 0, trained.output
    shown = [line for cmd in (["status"], ["models"]) for line in
             _license_lines(runner.invoke(cli, cmd).output)] + _license_lines(trained.output)
    non_commercial = [line for line in shown if "BY-NC" in line]
    # status's tone, models' shipped and adapted, train's adapted
    assert len(non_commercial) == 4, shown
    for line in non_commercial:
        assert line.endswith(RETRAIN_ADVICE) and line.count("otklik train") == 1, line
    assert "--data FILE.csv --base none" in RETRAIN_ADVICE
    own = runner.invoke(cli, ["train", "--data", str(source), "--base", "none"])
    assert "otklik train" not in _license_lines(own.output)[0]


def test_a_license_saved_with_the_old_advice_shows_the_new_one(tmp_path):
    from model.artifacts import RETRAIN_ADVICE, license_text

    old = ("adapted from tone_v2, so its terms apply: CC BY-NC-SA 4.0 (RuSentiment): "
           "non-commercial use only. Retrain on your own labelled comments (otklik train "
           "--data FILE.csv) for other uses; plus the user's own data")
    shown = license_text(old)
    assert "(otklik train --data FILE.csv)" not in shown
    assert shown.endswith(f"plus the user's own data. {RETRAIN_ADVICE}")
    assert license_text("the user's terms") == "the user's terms"


def test_russian_labels_are_read_as_the_tones(tmp_path):
    """A Russian team labels its rows in Russian; any other word stays a one-line error."""
    from companion import textfile
    from companion.commands.train import read_rows

    source = tmp_path / "ru.csv"
    _write(source, [("плохо", "Негатив"), ("ну такое", "нейтрально"), ("класс", "позитив"),
                    ("ужас", "отрицательный"), ("как дела", "нейтральный"),
                    ("супер", "Положительная"), ("ок", "neutral")])
    assert [label for _text, label in read_rows(source)] == [
        "negative", "neutral", "positive", "negative", "neutral", "positive", "neutral"]
    _write(source, [("плохо", "негатив"), ("зло", "злой")])
    with pytest.raises(textfile.FileProblem) as problem:
        read_rows(source)
    message = str(problem.value)
    assert "line 3" in message and "'злой'" in message and "\n" not in message
