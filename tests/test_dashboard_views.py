"""Dashboard pages and trainer actions through Flask's test client, on seeded replies."""

from __future__ import annotations

import re

import pytest
from dashboard_fixtures import WEEK_ARGS, seed
from store_db import connect

# Every test here runs on both engines (tests/conftest.py, the store fixture).
pytestmark = pytest.mark.usefixtures("store")


@pytest.fixture
def ids(app) -> list[int]:
    return seed(app.config["STORE_URL"])


def csrf(client, path: str = "/settings") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


def kpi(html: str, name: str) -> str:
    match = re.search(rf'id="kpi-{name}".*?class="kpi-value">([^<]*)<', html, re.S)
    assert match, name
    return match.group(1).strip()


def rows(database: str, sql: str, *params):
    db = connect(database)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def test_overview_shows_medians_first_and_the_target(client, ids):
    html = client.get("/", query_string=WEEK_ARGS).get_data(as_text=True)
    assert kpi(html, "median") == "45 мин"
    assert kpi(html, "within") == "43 %"
    assert kpi(html, "p90") == "1 д 4 ч"
    assert kpi(html, "replies") == "8"
    assert kpi(html, "templates") == "60 %"
    assert kpi(html, "mean") == "10 ч 20 мин"
    assert html.index('id="kpi-median"') < html.index('id="kpi-mean"')
    assert "цель 20 мин" in html
    assert html.count("<svg") >= 6 and 'role="img"' in html


def test_shares_name_their_n_and_the_comments_without_values(client, ids):
    """Seed: the eighth reply came without tone, persona and gratitude; five of the eight
    replies have a draft score."""
    html = client.get("/", query_string=WEEK_ARGS).get_data(as_text=True)
    assert "из 5 ответов с оценкой" in html
    assert re.search(r'id="tone-n">из 7<', html)
    # One thankful among the 7 whose gratitude is known: 14 %, not 1 of 8.
    assert re.search(r"Благодарят 14 %</span>\s*<span[^>]*id=\"thankful-n\">из 7<", html)
    assert "Тон известен для 7 из 8 отвеченных комментариев, благодарность — для 7" in html
    # The hover titles of the tone chart say what each column is over.
    assert "Негатив 100% (из 1)</title>" in html
    # «No type» from the model and «nothing sent» read differently.
    assert "Без особого типа" in html and "Тип не передан" in html
    # The outcomes by persona keep them apart too (the eighth reply is no model's «none»).
    by_persona = re.search(r'id="outcomes-persona">(.*?)</table>', html, re.S).group(1)
    assert "Без особого типа" in by_persona and "Тип не передан" in by_persona
    en = client.get("/", query_string={**WEEK_ARGS, "lang": "en"}).get_data(as_text=True)
    assert "of 5 replies with a score" in en and re.search(r'id="tone-n">of 7<', en)
    assert "Tone is known for 7 of 8 answered comments, gratitude for 7" in en
    assert "No particular type" in en and "Type not sent" in en
    boris = client.get("/operators/Борис", query_string={**WEEK_ARGS, "lang": "ru"})
    assert "из 2 с оценкой · команда: 60 %" in boris.get_data(as_text=True)


def test_filters_change_the_figures(client, ids):
    vk = client.get("/", query_string={**WEEK_ARGS, "platform": "vk"}).get_data(as_text=True)
    assert kpi(vk, "median") == "32 мин"  # (1200 + 2700) / 2 = 1950 s
    assert kpi(vk, "replies") == "4"
    boris = client.get("/", query_string={**WEEK_ARGS, "operator": "Борис"}).get_data(as_text=True)
    assert kpi(boris, "median") == "5 ч 00 мин"
    work = client.get("/", query_string={**WEEK_ARGS, "hours": "work"}).get_data(as_text=True)
    assert kpi(work, "p90") == "3 ч 12 мин"  # 11520 s
    assert kpi(work, "mean") == "1 ч 20 мин"  # 4800 s
    one_day = client.get("/", query_string={"from": "2026-11-16", "to": "2026-11-16"})
    assert kpi(one_day.get_data(as_text=True), "replies") == "2"


def test_empty_database_and_empty_range(client):
    assert "Ответов ещё нет" in client.get("/").get_data(as_text=True)


def test_no_replies_in_range(client, ids):
    html = client.get("/", query_string={"from": "2020-01-01", "to": "2020-01-31"}).get_data(
        as_text=True
    )
    assert "За эти даты ответов нет" in html


def test_english_is_remembered(client, ids):
    assert "Median first response" in client.get("/?lang=en").get_data(as_text=True)
    assert "Weekly review" in client.get("/review").get_data(as_text=True)
    assert "Медиана первого ответа" in client.get("/?lang=ru").get_data(as_text=True)


def test_figures_over_first_responses_say_first(client, ids):
    """The cards and charts computed over first responses say "first", as Zendesk's
    "First reply time" and Chatwoot's first_response do: a trainer compares them."""
    html = client.get("/?from=2026-11-16&to=2026-11-22").get_data(as_text=True)
    for label in ("Медиана первого ответа", "первых ответов не позже",
                  "9 из 10 первых ответов быстрее", "Время первого ответа по дням",
                  "Распределение времени первого ответа"):
        assert label in html, label
    assert "Медиана ответа<" not in html and "Время ответа по дням" not in html
    english = client.get("/?from=2026-11-16&to=2026-11-22&lang=en").get_data(as_text=True)
    for label in ("Median first response", "first responses within",
                  "First response time by day", "First response time distribution"):
        assert label in english, label


@pytest.mark.parametrize(
    "path",
    ["/review?week=2026-11-16", "/fame", "/templates?from=2026-11-16&to=2026-11-23", "/settings"],
)
def test_pages_render(client, ids, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "<main>" in response.get_data(as_text=True)


def test_operator_page(client, ids):
    html = client.get("/operators/Анна", query_string=WEEK_ARGS).get_data(as_text=True)
    assert "Оператор: Анна" in html
    assert kpi(html, "median") == "32 мин"
    assert "команда: 45 мин" in html
    assert "Данный вопрос в настоящее время решается." in html
    assert "Здорово" not in html  # Борис's reply
    assert client.get("/operators/Никто").status_code == 404


def test_weekly_review_sections(client, ids):
    html = client.get("/review", query_string={"week": "2026-11-18"}).get_data(as_text=True)
    assert "Неделя с 16.11.2026" in html
    slowest = html.split('id="section-slowest"')[1].split("</section>")[0]
    # The slowest of the week (to Sunday 22nd) is the 5-hour reply.
    assert slowest.index("5 ч 00 мин") < slowest.index("2 ч 00 мин")
    aggressors = html.split('id="section-to_aggressors"')[1].split("</section>")[0]
    assert "В настоящее время проблема решается." in aggressors
    assert "Здорово" not in aggressors


def test_star_needs_csrf(client, ids):
    assert client.post(f"/replies/{ids[1]}/star").status_code == 403
    assert rows(client.application.config["STORE_URL"], "SELECT * FROM stars") == []


def test_star_unstar_and_hall_of_fame(client, ids):
    token = csrf(client)
    response = client.post(f"/replies/{ids[1]}/star", data={"csrf_token": token, "next": "/fame"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/fame")
    fame = client.get("/fame").get_data(as_text=True)
    assert "Ваш позитив нас заряжает" in fame and "автор: Анна" in fame
    review = client.get("/review?week=2026-11-16").get_data(as_text=True)
    assert "Ваш позитив" in review.split('id="fame-week"')[1].split("</section>")[0]
    client.post(f"/replies/{ids[1]}/unstar", data={"csrf_token": token})
    assert rows(client.application.config["STORE_URL"], "SELECT * FROM stars") == []
    # Starring twice stores one star.
    client.post(f"/replies/{ids[1]}/star", data={"csrf_token": token})
    client.post(f"/replies/{ids[1]}/star", data={"csrf_token": token})
    assert len(rows(client.application.config["STORE_URL"], "SELECT * FROM stars")) == 1


def test_open_redirects_are_refused(client, ids):
    token = csrf(client)
    response = client.post(
        f"/replies/{ids[0]}/star", data={"csrf_token": token, "next": "//evil.example/"}
    )
    assert response.headers["Location"].endswith(f"/replies/{ids[0]}")


def test_feedback_is_stored_and_shown_to_the_operator(client, ids):
    token = csrf(client)
    client.post(
        f"/replies/{ids[0]}/feedback",
        data={"csrf_token": token, "text": "Без канцелярита, пожалуйста", "author": "Ольга"},
    )
    stored = rows(
        client.application.config["STORE_URL"], "SELECT reply_id, author, text FROM feedback"
    )
    assert [tuple(r) for r in stored] == [(ids[0], "Ольга", "Без канцелярита, пожалуйста")]
    assert "Без канцелярита" in client.get(f"/replies/{ids[0]}").get_data(as_text=True)
    operator = client.get("/operators/Анна", query_string=WEEK_ARGS).get_data(as_text=True)
    assert "Без канцелярита" in operator.split('id="feedback-list"')[1]
    # The trainer's name is remembered for the next form.
    assert 'value="Ольга"' in client.get(f"/replies/{ids[1]}").get_data(as_text=True)
    client.post(f"/replies/{ids[0]}/feedback", data={"csrf_token": token, "text": "  "})
    assert len(rows(client.application.config["STORE_URL"], "SELECT * FROM feedback")) == 1


def test_corrections_are_stored(client, ids):
    token = csrf(client)
    client.post(
        f"/replies/{ids[4]}/correct",
        data={"csrf_token": token, "tone": "negative", "persona": "aggressor"},
    )
    stored = rows(
        client.application.config["STORE_URL"],
        "SELECT platform, comment_id, field, value, text FROM corrections ORDER BY field",
    )
    assert [tuple(r) for r in stored] == [
        ("facebook", "c5", "persona", "aggressor", "Комментарий №5, «с кавычками»"),
        ("facebook", "c5", "tone", "negative", "Комментарий №5, «с кавычками»"),
    ]
    # The same values again add nothing; a bad value is refused.
    client.post(
        f"/replies/{ids[4]}/correct",
        data={"csrf_token": token, "tone": "negative", "persona": "aggressor"},
    )
    client.post(f"/replies/{ids[4]}/correct", data={"csrf_token": token, "tone": "angry"})
    assert len(rows(client.application.config["STORE_URL"], "SELECT * FROM corrections")) == 2
    html = client.get(f"/replies/{ids[4]}").get_data(as_text=True)
    assert "исправлено: Негатив" in html
    # A corrected aggressor shows in the weekly review's aggressor section.
    review = client.get("/review?week=2026-11-16").get_data(as_text=True)
    assert "Здорово" in review.split('id="section-to_aggressors"')[1].split("</section>")[0]


def test_settings_change_the_target(client, ids):
    token = csrf(client, "/settings")
    form = {
        "csrf_token": token,
        "timezone": "Asia/Novosibirsk",
        "target_minutes": "60",
        "template_threshold": "0.9",
        "mon_start": "08:00",
        "mon_end": "20:00",
    }
    assert client.post("/settings", data=form).status_code == 302
    html = client.get("/", query_string=WEEK_ARGS).get_data(as_text=True)
    assert "цель 1 ч 00 мин" in html
    assert kpi(html, "within") == "57 %"  # 300 600 1200 2700 within an hour: 4 of 7
    assert kpi(html, "templates") == "20 %"  # only 0.9 at or over 0.9
    settings = client.get("/settings").get_data(as_text=True)
    assert 'value="08:00"' in settings and "<option selected>Asia/Novosibirsk" in settings
    bad = client.post("/settings", data={**form, "target_minutes": "abc", "tue_start": "9"})
    assert bad.status_code == 200 and "Проверьте поля" in bad.get_data(as_text=True)


def test_templates_page_discovers_and_adds(client, app):
    from companion.storage import events as events_store

    batch = {
        "events": [
            {
                "uuid": f"tpl-{i:04d}-0000",
                "type": "reply_sent",
                "platform": "vk",
                "comment_id": f"t{i}",
                "operator": "Анна",
                "reply_sent_at": "2026-11-16T10:00:00Z",
                "text": f"Добрый день! Приносим извинения за доставленные неудобства, "
                f"ваше обращение зарегистрировано и передано специалистам. {'!' * i}",
            }
            for i in range(4)
        ]
    }
    db = connect(app.config["STORE_URL"])
    events_store.store(db, events_store.parse_batch(batch))
    db.close()
    html = client.get("/templates", query_string=WEEK_ARGS).get_data(as_text=True)
    assert "повторов: 4" in html and "Добавить в библиотеку" in html
    token = csrf(client, "/templates")
    text = re.search(r'name="text" value="([^"]+)"', html).group(1)
    client.post("/templates/add", data={"csrf_token": token, "text": text})
    library = rows(app.config["STORE_URL"], "SELECT text, source FROM templates")
    assert len(library) == 1 and "доставленные неудобства" in library[0]["text"]
    assert "Уже в библиотеке" in client.get("/templates", query_string=WEEK_ARGS).get_data(
        as_text=True
    )


def test_the_within_target_share_shows_its_count(client, ids):
    """The share a trainer quotes upward shows what it is made of (a newcomer could not
    check «72 %»: 5 of 7 is 71.4, the legend's largest-remainder percent)."""
    for lang, words in (("ru", "3 из 7 первых ответов не позже 20 мин"),
                        ("en", "3 of 7 first responses within 20 min")):
        html = client.get(f"/?from=2026-11-16&to=2026-11-23&lang={lang}").get_data(as_text=True)
        card = re.search(r'id="kpi-within".*?</div>\s*</div>', html, re.S).group(0)
        assert "43 %" in card and words in card, card


def test_the_operator_filter_reads_names_as_they_are_stored(api, client):
    """Names are stored trimmed with one space inside (validation.person_name), so a
    filter typed or linked with stray spaces shows the same operator."""
    event = {"uuid": "name-0001-0000", "type": "reply_sent", "platform": "vk",
             "comment_id": "n1", "operator": "Анна Петрова", "text": "Ответ",
             "comment_posted_at": "2026-11-17T09:00:00Z", "reply_sent_at": "2026-11-17T09:10:00Z"}
    assert api.post("/api/v1/events", json={"events": [event]}).status_code == 200

    def replies(name):
        html = client.get("/", query_string={"from": "2026-11-16", "to": "2026-11-23",
                                             "operator": name}).get_data(as_text=True)
        return re.search(r'id="kpi-replies".*?kpi-value">([^<]*)<', html, re.S).group(1)

    assert replies(" Анна   Петрова ") == replies("Анна Петрова") == "1"
