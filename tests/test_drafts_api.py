"""`POST /drafts/check` and the templates API, with the index kept in step."""

from __future__ import annotations

import uuid

import jsonschema
import pytest
from store_db import connect

from companion.api.openapi import document
from companion.storage import templates as templates_store

TEMPLATE = "Рекомендуем очистить кэш приложения и обновить его до последней версии."
EDITED = "Иван, добрый день! Рекомендуем Вам обновить приложение до последней версии и " \
         "очистить его кэш 🙂"
PERSONAL = "Похоже, приложение сохранило старые данные: в настройках телефона очистите " \
           "кэш — обычно помогает. Если нет, напишите модель телефона."


def schema(path: str, method: str, status: str = "200") -> dict:
    return document()["paths"][path][method]["responses"][status]["content"][
        "application/json"]["schema"]


def check(api, text: str, **extra) -> dict:
    response = api.post("/api/v1/drafts/check", json={"text": text, **extra})
    assert response.status_code == 200, response.json
    jsonschema.validate(response.json, schema("/drafts/check", "post"))
    return response.json


def reply_event(text: str, comment_id: str = "-1_10_100") -> dict:
    return {
        "uuid": str(uuid.uuid4()), "type": "reply_sent", "platform": "vk",
        "comment_id": comment_id, "operator": "Анна", "text": text,
        "reply_sent_at": "2026-11-22T10:15:00Z",
    }


def test_check_with_an_empty_library(api) -> None:
    result = check(api, "В настоящее время сеть работает.")
    assert result["score"] == 0.0 and result["level"] == "ok" and result["nearest"] is None
    assert result["cliches"] == [{"phrase": "в настоящее время", "start": 0, "end": 17,
                                  "alternative": "сейчас"}]


def test_template_added_through_the_api_is_found_at_once(api) -> None:
    assert check(api, EDITED)["level"] == "ok"  # index built before the template exists
    created = api.post("/api/v1/templates", json={"id": "cache", "text": TEMPLATE})
    assert created.status_code == 201
    jsonschema.validate(created.json, schema("/templates", "post", "201"))
    result = check(api, EDITED)
    assert result["level"] in ("warn", "high")
    assert result["nearest"] == {"id": "cache", "text": TEMPLATE, "source": "template"}
    covered = [EDITED[s["start"]:s["end"]] for s in result["spans"]]
    assert any("Рекомендуем" in c for c in covered)
    assert not any("Иван" in c for c in covered)
    assert check(api, PERSONAL)["level"] == "ok"


def test_edit_and_delete_change_the_answer(api) -> None:
    api.post("/api/v1/templates", json={"id": "cache", "text": TEMPLATE})
    assert check(api, EDITED)["level"] != "ok"
    put = api.put("/api/v1/templates/cache", json={"text": "Акция действует до конца месяца."})
    assert put.status_code == 200 and put.json["template"]["text"].startswith("Акция")
    assert check(api, EDITED)["level"] == "ok"
    assert check(api, "Акция действует до конца этого месяца!")["nearest"]["id"] == "cache"
    assert api.delete("/api/v1/templates/cache").json == {"deleted": "cache"}
    assert check(api, "Акция действует до конца этого месяца!")["nearest"] is None
    assert api.delete("/api/v1/templates/cache").status_code == 404
    assert api.put("/api/v1/templates/cache", json={"text": "x"}).status_code == 404


def test_list_and_conflict(api) -> None:
    first = api.post("/api/v1/templates", json={"text": TEMPLATE}).json["template"]
    assert first["id"].startswith("tpl-") and first["source"] == "manual"
    again = api.post("/api/v1/templates", json={"id": first["id"], "text": "другое"})
    assert again.status_code == 409 and again.json["error"]["field"] == "id"
    listed = api.get("/api/v1/templates")
    jsonschema.validate(listed.json, schema("/templates", "get"))
    assert [t["id"] for t in listed.json["templates"]] == [first["id"]]


def test_a_stored_reply_joins_the_index_without_rebuild(api) -> None:
    sent = "Мастер приедет завтра с десяти до двух и заранее позвонит на ваш номер."
    assert check(api, sent)["nearest"] is None
    assert api.post("/api/v1/events", json={"events": [reply_event(sent)]}).status_code == 200
    result = check(api, "Мастер приедет завтра с 10 до 2, заранее позвонит вам на номер")
    assert result["level"] != "ok"
    assert result["nearest"]["source"] == "reply"
    # Editing one's own answer to the same comment is not using a template.
    assert check(api, sent, comment_id="-1_10_100")["nearest"] is None
    assert check(api, sent, comment_id="-1_10_999")["level"] == "high"


def test_changes_by_another_process_are_noticed(api, app, monkeypatch) -> None:
    from companion import drafts

    monkeypatch.setattr(drafts, "SYNC_INTERVAL", 0.0)
    assert check(api, EDITED)["level"] == "ok"
    # What `otklik templates import` does from another process: a separate connection,
    # and no index of its own in this process to notify.
    other = connect(app.config["STORE_URL"])
    try:
        other.execute(
            "INSERT INTO templates (id, text, source, created_at, updated_at) "
            "VALUES ('ext', ?, 'import', '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z')",
            (TEMPLATE,),
        )
        other.execute(
            "INSERT INTO replies (event_uuid, platform, comment_id, operator, text, "
            "reply_sent_at, created_at) VALUES ('x1', 'vk', 'c9', 'Олег', ?, ?, ?)",
            ("Курьер привезёт заказ заново до девяти вечера, доставка за наш счёт.",
             "2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z"),
        )
    finally:
        other.close()
    assert check(api, EDITED)["nearest"]["id"] == "ext"
    assert check(api, "Курьер привезёт заказ заново до 9 вечера, доставка за наш счёт")[
        "nearest"]["source"] == "reply"


def test_thresholds_come_from_settings(api, app) -> None:
    api.post("/api/v1/templates", json={"id": "cache", "text": TEMPLATE})
    assert check(api, EDITED)["level"] != "ok"
    db = connect(app.config["STORE_URL"])
    try:
        db.execute("INSERT INTO settings (key, value) VALUES ('drafts.warn', '0.99'), "
                   "('drafts.high', '1.0')")
    finally:
        db.close()
    assert check(api, EDITED)["level"] == "ok"


def test_trainers_cliches_file(api, app) -> None:
    (app.config["DATA_DIR"] / "cliches.tsv").write_text("решаем вопрос\tчиним\n",
                                                        encoding="utf-8")
    cliches = check(api, "Решаем ваш вопрос.")["cliches"]
    assert cliches == [{"phrase": "решаем вопрос", "start": 0, "end": 17,
                        "alternative": "чиним"}]


@pytest.mark.parametrize("content", [
    "решаем вопрос без табуляции\n".encode(),
    b"\xff\xfe\xd0\xb0\t\xd0\xb1\n",
])
def test_a_broken_trainers_cliches_file_keeps_the_builtin_list(api, app, caplog, content):
    # The check answered 500 «Internal error (ValueError)» at every keystroke: the
    # operators' warnings died with the trainer's typo. The built-in list stays, and
    # the file's problem is logged once, with the file.
    path = app.config["DATA_DIR"] / "cliches.tsv"
    path.write_bytes(content)
    for _ in range(2):
        response = api.post("/api/v1/drafts/check", json={"text": "В настоящее время чиним."})
        assert response.status_code == 200, response.json
        assert [c["phrase"] for c in response.json["cliches"]] == ["в настоящее время"]
    warnings = [r.getMessage() for r in caplog.records if "cliches.tsv" in r.getMessage()]
    assert len(warnings) == 1 and str(path) in warnings[0], warnings


ANGRY = "Третий день нет интернета!!! Вы там вообще работаете?? Верните деньги!"
JOKE = "Ольга, ну не кипятитесь так 😂 Всё скоро заработает)))"


def test_coach_checklist_for_a_joke_to_an_aggressor(api) -> None:
    comment = {"text": ANGRY, "tone": "negative", "persona": "aggressor",
               "author_name": "Ольга"}
    coach = check(api, JOKE, comment=comment)["coach"]
    unmet = {i["id"] for i in coach["items"] if not i["met"]}
    assert {"acknowledges", "apologises", "next_step", "persona_fit", "tone_fit"} <= unmet
    assert coach["score"] < 0.5
    english = check(api, JOKE, comment=comment, lang="en")["coach"]
    assert any("emoji" in i["reason"] for i in english["items"])


def test_coach_reads_the_stored_comment_and_computes_its_tone(api) -> None:
    stored = {
        "uuid": str(uuid.uuid4()), "type": "comment_seen", "platform": "vk",
        "comment_id": "-1_10_777", "author_name": "Ольга Петрова", "text": ANGRY,
        "seen_at": "2026-11-22T10:00:00Z",
    }
    assert api.post("/api/v1/events", json={"events": [stored]}).status_code == 200
    coach = check(api, JOKE, comment_id="-1_10_777", platform="vk")["coach"]
    ids = {i["id"]: i for i in coach["items"]}
    # The tone model reads the stored text as negative: the complaint items apply.
    assert {"acknowledges", "apologises", "next_step"} <= ids.keys()
    assert ids["addresses"]["met"]  # «Ольга» is the stored author's name
    # Without the platform nothing is looked up: no tone, no complaint items.
    bare = check(api, JOKE, comment_id="-1_10_777")["coach"]
    assert "acknowledges" not in {i["id"] for i in bare["items"]}


def test_coach_reads_a_trainers_coach_file(api, app) -> None:
    (app.config["DATA_DIR"] / "coach.json").write_text(
        '{"checks": {"addresses": {"not_met": {"ru": "По имени, пожалуйста"}}}}',
        encoding="utf-8")
    items = {i["id"]: i for i in check(api, "Заказ в пути.")["coach"]["items"]}
    assert items["addresses"]["reason"] == "По имени, пожалуйста"
    (app.config["DATA_DIR"] / "coach.json").write_text('{"checks": {"politeness": {}}}',
                                                       encoding="utf-8")
    result = check(api, "Заказ в пути.")
    assert "checks.politeness is not an item" in result["coach"]["guidance_error"]
    assert result["coach"]["items"] and result["level"] == "ok"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 400, "text"),
        ({"text": 5}, 400, "text"),
        ({"text": "x" * (templates_store.MAX_TEXT + 1)}, 400, "text"),
        ({"text": "ok", "comment_id": 7}, 400, "comment_id"),
        ({"text": "ok", "comment": "злой"}, 400, "comment"),
        ({"text": "ok", "comment": {"tone": "angry"}}, 400, "comment.tone"),
        ({"text": "ok", "comment": {"persona": "troll"}}, 400, "comment.persona"),
        ({"text": "ok", "lang": "de"}, 400, "lang"),
        ({"text": "ok", "platform": "ok.ru"}, 400, "platform"),
        ([], 400, None),
    ],
)
def test_check_bad_input(api, body, status, field) -> None:
    response = api.post("/api/v1/drafts/check", json=body)
    assert response.status_code == status
    assert response.json["error"]["field"] == field


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "text"), ({"text": "   "}, "text"), ({"text": "ok", "id": ""}, "id"),
     ({"text": "ok", "id": 3}, "id")],
)
def test_template_bad_input(api, body, field) -> None:
    response = api.post("/api/v1/templates", json=body)
    assert response.status_code == 400
    assert response.json["error"]["field"] == field


def test_token_is_required(client) -> None:
    assert client.post("/api/v1/drafts/check", json={"text": "x"}).status_code == 401
    assert client.get("/api/v1/templates").status_code == 401
