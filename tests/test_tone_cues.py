"""Cues of tone (model.tone_cues), ironic thanks in the gratitude flag, and the rule
that a comment read as negative never gets phrasings that thank (issue 17)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from model import persona
from model.gratitude import has_trigger, is_gratitude
from model.normalize import normalize
from model.tone import tone_terms
from model.tone_cues import IRONY_MARKERS, cue_markers

KINDS = Path(__file__).parent / "fixtures" / "tone_kinds.csv"


def cues(text: str) -> set[str]:
    return set(cue_markers(normalize(text)))


def kinds(kind: str) -> list[str]:
    with open(KINDS, encoding="utf-8", newline="") as f:
        return [r["text"] for r in csv.DictReader(f) if r["kind"] == kind]


@pytest.mark.parametrize("text", kinds("ironic_thanks"))
def test_ironic_thanks_and_praise_are_marked(text: str) -> None:
    assert cues(text) & IRONY_MARKERS, text


@pytest.mark.parametrize("text", kinds("sincere_thanks") + [
    "Спасибо за ответ, жду мастера завтра",
    "Ну спасибо, выручили!",
    "Спасибо огромное, всё работает!",
])
def test_sincere_thanks_are_not_marked(text: str) -> None:
    assert not cues(text) & IRONY_MARKERS, text


@pytest.mark.parametrize("text", kinds("complaint"))
def test_complaints_without_negative_words_are_marked(text: str) -> None:
    assert "xxc_complaint" in cues(text), text


@pytest.mark.parametrize("text", kinds("unsure_question"))
def test_unsure_questions_are_polite_asks_not_complaints(text: str) -> None:
    got = cues(text)
    assert "xxc_polite_ask" in got and "xxc_complaint" not in got, text


@pytest.mark.parametrize("text", kinds("bad_news"))
def test_bad_news(text: str) -> None:
    assert "xxc_bad_news" in cues(text), text


def test_negation_scope_reaches_past_the_next_word_and_stops_at_punctuation() -> None:
    terms = tone_terms(normalize("Совсем не очень плохо работает, хорошо"))
    assert {"не_очень", "не_плохо", "не_работать"} <= set(terms)
    assert "не_хороший" not in terms and "не_хорошо" not in terms


def test_the_markers_are_features_of_the_tone_model() -> None:
    assert "xxc_rhetorical" in tone_terms(normalize("ВЫ ИЗДЕВАЕТЕСЬ?! Сколько можно ждать!!!"))


@pytest.mark.parametrize("text", kinds("ironic_thanks") + [
    "Ну спасибо, очень помогли. Неделю жду техника, отличный сервис, так держать 👏",
])
def test_gratitude_never_marks_ironic_thanks(text: str) -> None:
    positive = {"label": "positive", "scores": {"negative": 0.05, "neutral": 0.05,
                                                "positive": 0.9}}
    # Even when the tone model is fooled, the cues keep the flag off.
    assert not is_gratitude(text, tone=positive), text


@pytest.mark.parametrize("text", kinds("sincere_thanks"))
def test_sincere_thanks_are_gratitude(text: str) -> None:
    assert is_gratitude(text)


NEGATIVE = {"label": "negative", "scores": {"negative": 0.8, "neutral": 0.1, "positive": 0.1}}
POSITIVE = {"label": "positive", "scores": {"negative": 0.05, "neutral": 0.05, "positive": 0.9}}


def test_a_negative_comment_never_gets_phrasings_that_thank() -> None:
    texts = ["Ну спасибо, очень помогли. Неделю жду техника, отличный сервис, так держать 👏",
             "Спасибо вам огромное, лучший сервис!", "роутер мигает, пинг 300, PPPoE не "
             "поднимается, трассировка до шлюза обрывается", "Подскажите, как оплатить?",
             "ВЫ ИЗДЕВАЕТЕСЬ?! Сколько можно ждать мастера!!!"]
    seen_thanks_when_positive = False
    for i in range(60):  # phrasings are drawn by comment id: many draws
        comments = [{"id": f"c{i}-{j}", "text": t} for j, t in enumerate(texts)]
        for hint in persona.predict(comments, [NEGATIVE] * len(texts)):
            assert not any(has_trigger(p) for p in hint["phrasings"]), hint
        for hint in persona.predict(comments, [POSITIVE] * len(texts)):
            seen_thanks_when_positive |= any(has_trigger(p) for p in hint["phrasings"])
    assert seen_thanks_when_positive  # the filter, not an empty pool, keeps thanks out


def _prior(text: str) -> str | None:
    from model.tone_cues import brand_prior

    norm = normalize(text)
    return brand_prior(norm, [t for t in tone_terms(norm) if t.startswith("не_")])


@pytest.mark.parametrize(("text", "key"), [
    ("Ну спасибо, очень помогли. Неделю жду техника, отличный сервис, так держать 👏", "irony"),
    ("Спасибо за «быструю» доставку, всего-то две недели ждала", "irony"),
    ("ВЫ ИЗДЕВАЕТЕСЬ?! Сколько можно ждать мастера!!!", "complaint_to_brand"),
    ("Совсем не плохо работает теперь интернет", "negated_negative"),
    ("Когда уже лето, сколько можно мёрзнуть", None),  # VK small talk: no brand, no prior
    ("Спасибо огромное, всё работает!", None),
    # A complaint told as a story («…, пока вы опять не отключили»): the brand is named.
    ("Интернет не плохо работал, пока вы опять не отключили его", "complaint_to_brand"),
    ("#ХочуКомпенсацию за ваш сервис", "complaint_to_brand"),  # QA: was positive
    ("#ХочуКомпенсацию", "complaint_to_brand"),
    ("Поставил через WireGuard, всё ок", "resolved"),  # QA: was negative
    ("Не работало приложение, поставил через WireGuard, всё ок", "resolved"),
    ("У меня не всё ок", None),
    ("Всё ок?", None),
    ("Получил компенсацию, спасибо", "thanks"),
    # The unsure customer asks politely, a problem told is no complaint (issue 17).
    ("Здравствуйте, извините, я не очень разбираюсь. Как посмотреть баланс?", "polite_question"),
    ("Не получается войти в личный кабинет, помогите пожалуйста, если не трудно",
     "polite_question"),
    ("Подскажите, пожалуйста, когда уже вернут деньги? Жду третью неделю", "complaint_to_brand"),
    ("Извините, а почему до сих пор не пришёл возврат?", "complaint_to_brand"),
    # Facts told flatly, from a fourth writer's comments (dev3).
    ("В доме 12 по Строителей интернета нет с 8 утра", "complaint_to_brand"),
    ("Офис на Гагарина закрылся, ближайший теперь через полгорода", "bad_news"),
    ("Мастер пришёл, натоптал, ничего не сделал и ушёл. Кошмар", "complaint_to_brand"),
    ("Спасибище Почте России, посылка из Казани в Самару идёт 23 дня", "irony"),
    ("Спасибо, посылка шла 3 дня, всё целое", "thanks"),
    ("Позовите старшего по магазину, пусть объяснит поведение кассира", "complaint_to_brand"),
    ("Не помню ни одного раза, чтобы курьер опоздал", "negated_negative"),
])
def test_brand_prior_applies_to_narrow_patterns_only(text: str, key: str | None) -> None:
    assert _prior(text) == key


def test_prior_moves_probabilities_the_right_way_and_keeps_them_summing_to_one() -> None:
    import numpy as np

    from model.tone import LABELS, with_prior

    texts = ["Ну спасибо, неделю жду мастера", "Совсем не плохо", "Какой адрес у офиса?"]
    even = np.full((3, 3), 1 / 3)
    got = with_prior(np.array(LABELS), even, texts)
    np.testing.assert_allclose(got.sum(axis=1), 1.0)
    assert got[0].argmax() == LABELS.index("negative")
    assert got[1, LABELS.index("negative")] < 1 / 3 < got[1, LABELS.index("positive")]
    np.testing.assert_allclose(got[2], even[2])


BRAND_COMMENTS = Path(__file__).parent / "fixtures" / "tone_brand_comments.csv"


@pytest.mark.parametrize(("part", "floor"), [("dev1", 0.85), ("dev2", 0.68)])
def test_comments_to_brands_read_as_a_care_team_does(part: str, floor: float) -> None:
    """The sets the brand-comment prior was written against (docs/tone.md: 0.900 and
    0.733 accuracy after its review, 0.475 and 0.440 without it); ``heldout`` is only
    measured, by scripts/evaluate_brand_comments.py, never asserted on."""
    from model.tone import predict

    with open(BRAND_COMMENTS, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["set"] == part]
    got = [r["label"] for r in predict([r["text"] for r in rows])]
    right = sum(g == r["label"] for g, r in zip(got, rows, strict=True))
    assert right / len(rows) >= floor, f"{right}/{len(rows)}"


@pytest.mark.parametrize("text", [
    "Спасибо, Ростелеком, за третий день без интернета 👏",
    "Благодарю Wildberries за возврат, который жду с марта. Прям мечта",
    "СПАСИБО ДОМ.РУ ЗА ПОДАРОК К НОВОМУ ГОДУ - ПОВЫШЕНИЕ ТАРИФА НА 150 РУБЛЕЙ",
])
def test_ironic_thanks_beside_a_complaint_are_not_gratitude(text: str) -> None:
    assert not is_gratitude(text)


@pytest.mark.parametrize("text", [
    "Была проблема с двойным списанием, вернули за день. Спасибо поддержке",
    "Сначала потеряли посылку, но потом нашли и привезли домой с извинениями. Спасибо",
    "Вчера был сбой, сегодня всё починили, спасибо за быструю реакцию",
])
def test_thanks_for_a_fixed_problem_stay_gratitude_and_positive(text: str) -> None:
    from model.tone import predict

    assert is_gratitude(text)
    assert predict([text])[0]["label"] == "positive"


@pytest.mark.parametrize("text", [
    "Спасибо, что перенесли доставку на удобное мне время",
    "Спасибо большое, всё получилось, карта больше не заблокирована",
    "Спасибо, приложение больше не вылетает",
    "Наконец-то отменили комиссию за переводы, спасибо!",
    "Спасибо, опять всё пришло вовремя!",
    "Всего лишь 5 минут и карта готова, спасибо!",
    "Благодарю за помощь! Ждал возврат неделю, сегодня пришёл",
])
def test_sincere_thanks_with_a_failure_word_stay_gratitude(text: str) -> None:
    """From a review of the wider prior: words of failures that are negated, past,
    or good news must not make thanks ironic."""
    from model.tone_cues import is_ironic

    assert not is_ironic(normalize(text)), text
    assert is_gratitude(text), text


@pytest.mark.parametrize("text", [
    "Спасибо, блин, вернули деньги через месяц",
    "Спасибо за потраченные нервы, деньги вернули только через месяц",
])
def test_explicit_ironic_thanks_win_over_a_fix(text: str) -> None:
    assert not is_gratitude(text)
    assert _prior(text) == "irony"


@pytest.mark.parametrize(("text", "key"), [
    ("Заказ в статусе «Передан в доставку», когда ждать курьера?", None),
    ("Здравствуйте, как разблокировать карту, если она заблокирована после трёх неверных ПИН?",
     None),
    ("Переносится ли доставка, если меня не будет дома?", None),
    ("Никогда не было проблем, но в этом месяце интернет пропадает каждый вечер",
     "complaint_to_brand"),
    ("Ни разу не подвели, пользуюсь вашим банком пять лет", "negated_negative"),
    ("Интернет не работает третий день, а у соседей всё работает", "complaint_to_brand"),
    ("Заявку закрыли, не решив проблему. Спасибо", "irony"),
])
def test_questions_and_contrasts_after_review(text: str, key: str | None) -> None:
    assert _prior(text) == key


@pytest.mark.parametrize("text", [
    # The brand's words quoted back in lower case (a fifth writer's dev4, 2026-12-01).
    "спасибо за ответ «ваше обращение зарегистрировано». уже четвёртый раз",
    'Мерси за доставку "в течение дня". День оказался длиной в трое суток',
    # Sarcastic tails after thanks.
    "спасибо за кэшбэк 3 рубля 14 копеек, теперь заживу",
    "Спасибо, что продлили подписку автоматически. Я ведь так мечтал заплатить ещё за год",
    "спасибо за поддержку в выходные. а, её же нет",
    # Failures told as facts: a price at the till, a delay with its length.
    "спасибо магнит. курица на ценнике 199, пробили 289",
    "Спасибо S7 за задержку рейса на 9 часов",
    # A thing stuck, a promise lapsed, a wait since a weekday, a slow parcel with its
    # route, an imposed change, a branch closed (the lead's own, after dev5, 2026-12-01).
    "Спасибо за возврат, который вторую неделю висит в обработке",
    "Благодарю за обещание перезвонить завтра. Прошло 5 дней",
    "Спасибо, жду мастера с понедельника",
    "Благодарю Почту: письмо шло из Москвы в Тверь 15 дней",
    "Спасибо, что подключили подписку без моего согласия",
    "Спасибо за закрытие офиса в нашем районе",
])
def test_ironic_thanks_of_new_forms_are_neither_gratitude_nor_positive(text: str) -> None:
    from model.tone import predict

    assert not is_gratitude(text), text
    assert predict([text])[0]["label"] == "negative", text


@pytest.mark.parametrize("text", [
    "Спасибо магазину «Лента» за быструю доставку!",  # a name in quotes is no scare quote
    "Спасибо за акцию «два по цене одного», взяла маме и себе!",
    # Sincere endings that a wider list of sarcastic tails took for irony.
    "Спасибо за праздник, вечер удался!",
    "Спасибо, вот это обслуживание! Всё быстро",
    "Спасибо за подарок, чувствуется забота о клиентах",
    "Спасибо, вы превзошли себя, торт шикарный",
    "Спасибо за квест-комнату, было круто",
    "Спасибо, хлеб свежий, без плесени, и бонусы теперь не сгорают",
    "Ребята, спасибо! Карту заблокировали по ошибке, но разблокировали за пять минут в чате",
    "Спасибо Дом.ру, после замены кабеля пинг нормальный, потерь пакетов больше нет",
])
def test_sincere_thanks_beside_quotes_or_a_fixed_problem_stay_gratitude(text: str) -> None:
    from model.tone_cues import is_ironic, scare_quoted

    assert not is_ironic(normalize(text), scare_quoted(text)), text
    assert is_gratitude(text), text


def test_scare_quotes_are_lower_case_quotes_in_the_raw_text() -> None:
    from model.tone_cues import scare_quoted

    assert scare_quoted("ответ «ваше обращение передано»")
    assert scare_quoted('скорость "до 100 мбит"')
    assert not scare_quoted("магазин «Лента»")
    assert not scare_quoted('тариф "Всё включено" и "Мой онлайн"')
    # A thing's name in lower case is no scare quote.
    assert not scare_quoted("Спасибо за акцию «два по цене одного», взяла маме и себе")
    assert not scare_quoted('перешёл на тариф "безлимит плюс"')
    assert scare_quoted("спасибо за акцию, а на кассе «акция закончилась»")


@pytest.mark.parametrize(("text", "key"), [
    # Complaints without a negative word (the lead's own, after a sixth writer's dev6).
    ("Ростелеком, заявку приняли в понедельник. Прошло 9 дней, когда подключите?",
     "complaint_to_brand"),
    ("МТС, на линии 25 минут, кто-нибудь там отвечает?", "complaint_to_brand"),
    ("дайте номер телефона вашего руководителя", "complaint_to_brand"),
    ("заберите уже свой роутер, договор расторгнут", "complaint_to_brand"),
    ("это как вообще? заказ пришёл без половины товаров", "complaint_to_brand"),
    ("Обращение в статусе «принято» с 12 октября", "complaint_to_brand"),
    # Conditions made worse, told as facts or indignant questions; a plain ask is none.
    ("Билайн урезал пакет на моём тарифе с 30 до 20 гб", "bad_news"),
    ("с декабря обслуживание карты 199 вместо 99", "bad_news"),
    ("теперь за перевод в другой банк комиссия 1%? раньше же бесплатно было", "bad_news"),
    ("Правильно понимаю, что тариф теперь 650 вместо 550? Где это посмотреть?", None),
    ("Отменили абонплату за роутер, теперь платим только за интернет", "good_news"),
    # Hedged and balanced verdicts.
    ("Не сказал бы, что медленно: посылка из Казани пришла за два дня", "negated_negative"),
    ("Нельзя сказать, что поддержка хоть как-то помогла", "negated_positive"),
    ("Не скажу что быстро, но и не медленно. Обычная доставка", "balanced"),
    ("ни лучше ни хуже после смены тарифа", "balanced"),
    ("Нельзя сказать, что у вас плохой кофе. Он просто никакой", None),
    ("Ни одного месяца без сбоев с тех пор, как подключился к Дом.ру", "complaint_to_brand"),
    ("Ростелеком за год ни разу не отключался, не перестаёте радовать", "negated_negative"),
    # Ironic praise beside a failure told as a fact (the lead's own, after dev6).
    ("Снимаю шляпу, Ростелеком: интернет отключается каждый вечер", "irony"),
    ("Высший пилотаж: в заказе вместо молока кефир", "irony"),
    ("Вот это скорость! Посылка едет из Тулы девятый день", "irony"),
    # A fear dispelled, no problem said last: praise.
    ("Боялась, что ремонт выйдет дорого, а оказалось 900 рублей за всё", "relief"),
    ("Курьер опоздал на 10 минут, но извинился и донёс до двери, никаких претензий",
     "negated_negative"),
    ("Сократили комиссию за переводы, наконец-то", "good_news"),
    # Complaints in rarer wordings (the lead's own, after a tenth writer's dev7).
    ("Звонил пять раз, каждый раз новый номер заявки", "complaint_to_brand"),
    ("Заявка 77-1234 от 3 марта. Напоминаю", "complaint_to_brand"),
    ("Ждём мастера с 10 до 14. Сейчас 16:20", "complaint_to_brand"),
    ("Роутер в итоге сам поменял, мастер так и не доехал", "complaint_to_brand"),
    ("МТС, опять ответили шаблоном, вопрос не про то", "complaint_to_brand"),
    ("ну что там с моим возвратом?", "complaint_to_brand"),
    ("Вроде нормальный банк, но с переводом затянули", "complaint_to_brand"),
    # Ironic praise beside goods spoilt or a bill grown.
    ("Блестяще: телевизор приехал с трещиной", "irony"),
    ("Держите планку: счёт за месяц снова на 200 рублей больше", "irony"),
    # Unsure questions and good news stay what they are.
    ("Как вернуть товар с браком, если чек потерялся?", "polite_question"),
    ("Не проходит оплата картой, это у всех или только у меня?", "polite_question"),
    ("Комиссию за переводы отменили, наконец-то!", "good_news"),
    ("Не верила, что вернут деньги за сломанный чайник, но вернули", "relief"),
    ("Озон, заказ 1234, срок доставки был вчера", "complaint_to_brand"),
    ("СДЭК, статус «в пути» с 2 ноября, трек 555", "complaint_to_brand"),
    ("Самокат, привезли вместо кефира ряженку", "complaint_to_brand"),
    # A weak praise word is ironic only in a comment to the brand.
    ("Радует, что в субботу можно выспаться, а в понедельник опять на работу", None),
    # The ordinary stream (a twelfth writer's stream1): calm questions and praise stay so.
    ("Если посылка пришла с браком, куда писать?", "polite_question"),
    ("Ни одного просроченного продукта за месяц, магазин у дома радует", "negated_negative"),
    # Slang praise of the post, praise that ends «всё чётко» (the lead's own, after stream1).
    ("дизайн огонь", "praise"),
    ("смотрится дорого", "praise"),
    ("беру!", "praise"),
    ("Открыли огонь по позициям", None),
    ("Сын пошёл в первый класс", None),
    ("Мастер вежливый, всё объяснил, всё чётко", "praise"),
    # Complaints in rarer wordings (the lead's own, after a thirteenth writer's dev8).
    ("Вернула товар две недели назад. Деньги где?", "complaint_to_brand"),
    ("Заказ оформила в 18:30, уже 20:45", "complaint_to_brand"),
    ("Банк обещал одобрение за один день. Сегодня седьмое", "complaint_to_brand"),
    ("Горячей воды в доме нет с понедельника", "complaint_to_brand"),
    ("Не могу войти в приложение после обновления, Сбер", "complaint_to_brand"),
    ("Спасибо за плановые работы каждую неделю, уже как традиция", "irony"),
    ("Спасибо за новый тариф. Выгодный такой выгодный", "irony"),
    # After a fourteenth writer's traps (dev9): praise words in other senses, «где?».
    ("Суперская доставка, заказала утром — днём уже дома", "praise"),
    ("Интернет летает, а вот роутер отвалился уже третий раз", "complaint_to_brand"),
    ("Акция закончилась раньше срока, пробили по полной цене", None),
    ("И где тут логика? Тариф дороже, а минут меньше", "complaint_to_brand"),
    ("Тариф подняли с первого числа, смс пришла третьего. Спасибо, что хоть сообщили",
     "irony"),
    ("Спасибо менеджеру Оксане, одобрили за два часа", "thanks"),
    ("Не могу оплатить картой другого банка — так задумано или это ошибка?",
     "polite_question"),
    # Decline and defects of what was bought (the lead's own, after the writers' dev10):
    # worse than before, a defect told plainly; the same words negated, expected, asked
    # about or turned («зато…») leave the regression alone.
    ("Круассаны сегодня суховаты, раньше были лучше.", "complaint_to_brand"),
    ("Шоколадка стала тоньше, а обёртка та же", "complaint_to_brand"),
    ("Футболка села на размер после первой стирки", "complaint_to_brand"),
    ("Качество уже не то, что пять лет назад", "complaint_to_brand"),
    ("Приложение еле грузит вечером", "complaint_to_brand"),
    ("Совсем не суховат, бисквит влажный", None),
    ("Думала, будет пересолен, а нет — по соли идеально", None),
    ("Мелкие клубничины в этот раз, зато сладкие", None),
    ("Суховат? Да ну, нормальный кекс", None),
    ("Тарт кисловатый или сладкий?", None),
    ("Раньше сырники были суховатые, а сейчас нежные", None),
    # A review's traps: better still now, weather, a cat, a race, a negation inside.
    ("И раньше было вкусно, а теперь ещё вкуснее!", None),
    ("Погода испортилась, зато у вас тепло и уютно", None),
    ("Кот сильно линяет. Посоветуйте щётку", None),
    ("Кто придёт раньше, тот получит больше", None),
    ("Такого вкуса нет ни у кого в городе", None),
    ("Стало не хуже, чем раньше", "negated_negative"),
    ("Если честно, торт был пересушен", "complaint_to_brand"),
    ("Торт пересушен, крем расслоился, кто за это ответит?", "complaint_to_brand"),
    ("Круассаны черствые. А когда будут свежие?", "complaint_to_brand"),
    # A complaint announced as one (an operator's find: read as neutral before).
    ("Второй раз приезжает заказ без хладоэлемента, сыр тёплый. Куда жаловаться?",
     "complaint_to_brand"),
    ("Напишу жалобу в Роспотребнадзор", "complaint_to_brand"),
    # Brands beyond telecom and banks (the lead's own, after the writers' heldout10):
    # travel, shops, utilities told as plain facts; care during a delay made up for it;
    # the customer's own lateness, unsure questions and a poem are no complaint.
    ("Поезд на Казань задержали на четыре часа, объявили только на вокзале",
     "complaint_to_brand"),
    ("Уральские авиалинии перенесли вылет на ночь", "complaint_to_brand"),
    ("Электричку в 7:15 опять отменили", "complaint_to_brand"),
    ("Курьер отметил \"вручено\", а посылки нигде нет", "complaint_to_brand"),
    ("Списали абонплату дважды в одном месяце", "complaint_to_brand"),
    ("Пришли кроссовки с дыркой на носке", "complaint_to_brand"),
    ("Начислили пени за квитанцию, которую я оплатила в срок", "complaint_to_brand"),
    ("Аптека, объясните, почему цена на сайте одна, а на кассе другая?", "complaint_to_brand"),
    ("Спасибо Победе за ночь на полу в Пулково", "irony"),
    ("Кассир даже не поздоровалась. Потрясающий сервис", "irony"),
    ("Рейс задержали на три часа, зато накормили и дали плед. Спасибо экипажу",
     "thanks_for_fix"),
    ("Когда мы опоздали на сеанс, администратор помогла поменять билеты. Спасибо!",
     "thanks_for_fix"),
    ("Заказ отменился сам или я что-то не так нажала? Не знаю, сюда ли писать",
     "polite_question"),
    ("Доставку отменили — деньги вернутся сами или надо писать заявление?",
     "polite_question"),
    ("Ты мне нужен и с дыркой в кармане", None),
    ("Верните старую пачку, она была красивее", None),
    # After reading stream4 (the lead's own): late, damaged, shame, a date against today's.
    ("Самолёт прилетел с опозданием на 3 часа, багаж выдали через час", "complaint_to_brand"),
    ("Кофемашина приехала с оторванной ручкой", "complaint_to_brand"),
    ("Курьер швыряет коробки прямо у подъезда", "complaint_to_brand"),
    ("Позор, Ростелеком", "complaint_to_brand"),
    ("Заявку подала 3 октября, сегодня 20 ноября", "complaint_to_brand"),
    ("Каждый месяц одно и то же: счёт больше, чем по тарифу", "complaint_to_brand"),
    ("Вино разлито в Италии, очень вкусное", None),
    ("Фильм был позорище, но в кино сходили хорошо", None),
    # Ironic tails (the lead's own, after heldout11's gratitude misses).
    ("Спасибо за свет в выходные. Ой, его же отключили до понедельника", "irony"),
    ("Спасибо, что привезли торт, пусть и чужой", "irony"),
    ("Спасибо курьеру: коробка всмятку, как и моё настроение", "irony"),
    ("Спасибо авиакомпании за ночь в Пулково на полу", "irony"),
])
def test_prior_keys_of_the_later_writers_kinds(text: str, key: str | None) -> None:
    assert _prior(text) == key, text


def test_an_eye_roll_face_beside_thanks_or_praise_marks_irony() -> None:
    from model.tone_cues import brand_prior, ironic_marks

    def key(raw: str) -> str | None:
        norm = normalize(raw)
        return brand_prior(norm, [t for t in tone_terms(norm) if t.startswith("не_")],
                           ironic_marks(raw))

    assert key("Спасибо за связь в метро 🙃") == "irony"
    assert key("Отличный сервис, курьер 🤡") == "irony"
    assert key("Спасибо за связь в метро 😊") != "irony"
    # A smirk or a facepalm is as often playful or at oneself: no irony by itself.
    assert key("Спасибо за быструю замену карты 😏 приятно удивили") != "irony"
    assert not ironic_marks("я сама виновата 🤦 как отменить заказ?")
    assert ironic_marks("поеду на дачу 🙃") and key("поеду на дачу 🙃") is None  # no thanks
    assert ironic_marks('ответ «ваше обращение передано»')  # scare quotes, as before
    assert not ironic_marks("магазин «Лента» 😊")
