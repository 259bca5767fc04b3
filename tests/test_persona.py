"""Persona hints: shape, clear examples, thread behaviour, guidance overrides, determinism.

The examples are written for these tests, in the manner of comments brands get; none
comes from the dev set in ../shared/data/personas.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from model import persona
from model.persona_features import text_cues, thread_stats

CLEAR = {
    "unsure": [
        "Подскажите, пожалуйста, куда нажать, чтобы поменять тариф? Я в этом совсем не разбираюсь",
        "а если я удалю приложение, деньги с карты не пропадут? боюсь что-то сломать",
        "Извините, не могу понять, как оплатить по QR. Что делать дальше?",
    ],
    "talker": [
        "Снова я) Сегодня утром заметил, что в вашем пункте выдачи на Мира поставили новый "
        "терминал, а старый убрать забыли, и люди путаются, к какому идти. Мелочь, конечно, "
        "но может повесить табличку? И кстати, свет там над входом мигает уже неделю.",
        "Вот что подумала, пока ждала курьера: в уведомлении пишут «в пути», а на карте он "
        "стоит на месте минут двадцать. Мы с дочкой даже поспорили, пробки это или приложение "
        "не обновляется. Было бы удобно видеть, сколько заказов у курьера перед нами.",
    ],
    "positive": [
        "Спасибо огромное, всё пришло вовремя и такое вкусное!!! 😍😍",
        "Ахаха, ваш кот в рекламе лучший 😂❤️",
        "Вы супер, ребята! С днём рождения компании 🎉",
    ],
    "aggressor": [
        "Вы ворьё! Опять списали деньги за то, чем я не пользуюсь. Верните немедленно!!!",
        "ПОЗОР! Третий час жду оператора, никто не отвечает, буду жаловаться в прокуратуру",
        "Уволить вашего курьера-хама, швырнул пакет и ушёл. Отвратительный сервис",
    ],
    "expert": [
        "После смены тарифа вырос пинг до 120 мс, трассировка показывает петлю на вашем "
        "BRAS. Роутер перезагружал, MAC не менялся.",
        "На сайте оплаты ошибка 504 от nginx при запросе к /api/pay, в консоли CORS. "
        "Воспроизводится в Chrome и Firefox.",
        "Потери пакетов 15% на втором хопе, по mtr видно, что это ваш шлюз. DNS и DHCP в норме.",
    ],
}


def _one(text: str, **kw) -> dict:
    return persona.predict([{"id": "t1", "text": text}], **kw)[0]


@pytest.mark.parametrize(
    ("expected", "text"),
    [(label, text) for label, texts in CLEAR.items() for text in texts],
)
def test_clear_examples(expected: str, text: str) -> None:
    hint = _one(text)
    assert hint["label"] == expected, hint
    assert hint["signals"], "a persona must say why"


def test_shape_and_order() -> None:
    comments = [{"id": f"c{i}", "text": t} for i, t in enumerate(sum(CLEAR.values(), []))]
    hints = persona.predict(comments)
    assert len(hints) == len(comments)
    for hint in hints:
        assert set(hint) == {"label", "confidence", "signals", "behaviour", "phrasings",
                             "author_role"}
        assert hint["author_role"] == "customer"
        assert hint["label"] in persona.LABELS
        assert 0.0 <= hint["confidence"] <= 1.0
        assert all(isinstance(s, str) and s for s in hint["signals"])
        assert isinstance(hint["behaviour"], str) and hint["behaviour"]
        assert len(hint["phrasings"]) == 3
        assert len(set(hint["phrasings"])) == 3
    # Same order as the input: the first comments are the unsure ones.
    assert [h["label"] for h in hints[:3]] == ["unsure"] * 3


@pytest.mark.parametrize("text", ["", "ок", "Здравствуйте"])
def test_nothing_clear_is_none(text: str) -> None:
    hint = _one(text)
    assert hint["label"] == "none"
    assert hint["behaviour"]
    assert hint["phrasings"] == []


def test_empty_batch() -> None:
    assert persona.predict([]) == []


def test_english_output() -> None:
    hint = _one(CLEAR["expert"][0], lang="en")
    assert hint["label"] == "expert"
    assert hint["signals"][0].startswith("technical terms:")
    assert "diagnostics" in hint["behaviour"]
    assert all(not any("а" <= ch <= "я" for ch in p.lower()) for p in hint["phrasings"])


def test_signals_name_the_terms() -> None:
    hint = _one(CLEAR["expert"][2])
    assert any("шлюз" in s and "технические термины" in s for s in hint["signals"])


# --- the author's behaviour in the thread ------------------------------------------------
QUICK = [
    ("А кофе без сахара у вас бывает?", "2026-11-22T10:00:00Z"),
    ("И ещё вопрос про молоко", "2026-11-22T10:02:00+00:00"),
    ("Ну и хлеб", "2026-11-22T13:04:00+03:00"),  # the same instant zone-shifted: 10:04Z
]


def test_talker_from_three_quick_messages() -> None:
    comments = [
        {"id": f"q{i}", "text": t, "author": "id42", "posted_at": ts}
        for i, (t, ts) in enumerate(QUICK)
    ]
    hints = persona.predict(comments)
    assert [h["label"] for h in hints] == ["talker"] * 3
    assert "3 сообщения подряд за 4 мин" in hints[0]["signals"]


def test_same_texts_from_different_authors_are_not_talkers() -> None:
    comments = [
        {"id": f"q{i}", "text": t, "author": f"id{i}", "posted_at": ts}
        for i, (t, ts) in enumerate(QUICK)
    ]
    assert all(h["label"] != "talker" for h in persona.predict(comments))


def test_slow_messages_count_less_than_a_burst() -> None:
    slow = [
        {"id": f"s{i}", "text": t, "author": "id7", "posted_at": f"2026-11-2{i}T10:00:00Z"}
        for i, (t, _) in enumerate(QUICK)
    ]
    stats = thread_stats(slow)
    assert stats[0].count == 3 and stats[0].burst == 1
    quick = [
        {"id": f"q{i}", "text": t, "author": "id7", "posted_at": ts}
        for i, (t, ts) in enumerate(QUICK)
    ]
    assert thread_stats(quick)[0].burst == 3


def test_an_angry_burst_stays_aggressor() -> None:
    texts = ["ВЫ ТАМ СПИТЕ?!! Верните деньги, жулики!!!", "Сколько можно ждать?!", "Позор!!!"]
    comments = [
        {"id": f"a{i}", "text": t, "author": "u2", "posted_at": f"2026-11-22T10:0{i}:00Z"}
        for i, t in enumerate(texts)
    ]
    assert [h["label"] for h in persona.predict(comments)] == ["aggressor"] * 3


def test_bad_times_and_missing_authors_are_tolerated() -> None:
    comments = [
        {"id": "1", "text": "раз", "author": "x", "posted_at": "not a time"},
        {"id": "2", "text": "два", "author": "x", "posted_at": None},
        {"id": "3", "text": "три"},
    ]
    stats = thread_stats(comments)
    assert stats[0].count == 2 and stats[0].burst == 1 and stats[2].count == 1
    assert len(persona.predict(comments)) == 3


# --- tone ----------------------------------------------------------------------------
def test_tones_must_match_comments() -> None:
    with pytest.raises(ValueError, match="one entry per comment"):
        persona.predict([{"id": "1", "text": "x"}], tones=[])


def test_negative_tone_supports_a_hostile_comment() -> None:
    text = "Опять ничего не работает, безобразие!!!"
    neg = {"label": "negative", "scores": {"negative": 0.9, "neutral": 0.08, "positive": 0.02}}
    plain = _one(text)
    toned = _one(text, tones=[neg])
    assert toned["label"] == "aggressor"
    assert toned["confidence"] >= plain["confidence"]
    assert "тон: негативный" in toned["signals"]


# --- guidance ----------------------------------------------------------------------------
def test_shipped_guidance_is_complete() -> None:
    g = persona.load_guidance()["personas"]
    assert set(g) == set(persona.LABELS)
    for label in persona.PERSONAS:
        for lang in ("ru", "en"):
            assert len(g[label]["phrasings"][lang]) >= 6, (label, lang)
            assert g[label]["behaviour"][lang]


def test_guidance_override(tmp_path: Path) -> None:
    mine = ["Своя фраза один.", "Своя фраза два.", "Своя фраза три.", "Своя фраза четыре."]
    path = tmp_path / "personas.json"
    path.write_text(
        json.dumps({"personas": {"aggressor": {"phrasings": {"ru": mine}}}}), encoding="utf-8"
    )
    hint = _one(CLEAR["aggressor"][0], guidance_path=path)
    assert set(hint["phrasings"]) <= set(mine) and len(hint["phrasings"]) == 3
    shipped = persona.load_guidance()["personas"]["aggressor"]
    assert hint["behaviour"] == shipped["behaviour"]["ru"]  # not overridden: kept
    english = _one(CLEAR["aggressor"][0], guidance_path=path, lang="en")
    assert set(english["phrasings"]) <= set(shipped["phrasings"]["en"])
    # An edited file applies without a restart.
    path.write_text(
        json.dumps({"personas": {"aggressor": {"behaviour": {"ru": "Новый совет."}}}}),
        encoding="utf-8",
    )
    os.utime(path, (1_900_000_000, 1_900_000_000))
    assert _one(CLEAR["aggressor"][0], guidance_path=path)["behaviour"] == "Новый совет."


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('{"personas": {"aggressor": {"phrasings": {"ru": "одна строка"}}}}',
         "personas.aggressor.phrasings.ru"),
        ('{"personas": {"aggressor": {"phrasings": {"ru": ["", "x"]}}}}',
         "personas.aggressor.phrasings.ru"),
        ('{"personas": {"boss": {}}}', "personas.boss"),
        ('{"personas": {"expert": {"tips": {}}}}', "personas.expert.tips"),
        ('{"personas": {"expert": {"behaviour": "просто строка"}}}', "personas.expert.behaviour"),
        ('{"personas": []}', "personas"),
        ('{"personas": {"unsure": ', "not valid JSON"),
    ],
)
def test_malformed_override_names_file_and_key(tmp_path: Path, content: str, key: str) -> None:
    path = tmp_path / "personas.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        persona.predict([{"id": "1", "text": "привет"}], guidance_path=path)
    assert str(path) in str(err.value)
    assert key in str(err.value)


def test_missing_override_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not found"):
        persona.load_guidance(tmp_path / "nope.json")


# --- determinism and variety -------------------------------------------------------------
def test_deterministic() -> None:
    comments = [{"id": f"d{i}", "text": t} for i, t in enumerate(sum(CLEAR.values(), []))]
    assert persona.predict(comments) == persona.predict(comments)


def test_phrasings_vary_between_comments() -> None:
    text = CLEAR["positive"][0]
    picks = {
        tuple(persona.predict([{"id": f"id{i}", "text": text}])[0]["phrasings"])
        for i in range(20)
    }
    assert len(picks) >= 5, "the same three phrasings for everyone would be a template"


# --- the model and its fallback --------------------------------------------------------
def test_model_info() -> None:
    info = persona.model_info()
    assert info["id"] and info["version"] == 1
    assert info["model"] is not None, info.get("model_error")
    assert {d["name"] for d in info["model"]["trained_on"]} >= {"cedr", "toxic_ru"}
    assert "weak_validation_macro_f1" in info["metrics"]


def test_rules_alone_when_the_artifact_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(persona, "ARTIFACT_PATH", tmp_path / "missing.joblib")
    monkeypatch.setattr(persona, "_model_state", {})
    assert _one(CLEAR["aggressor"][1])["label"] == "aggressor"
    info = persona.model_info()
    assert info["model"] is None and "not found" in info["model_error"]


def test_cues_see_capitals_but_not_acronyms() -> None:
    assert text_cues("СТЫДНО ВАМ ДОЛЖНО БЫТЬ").caps_words
    assert not text_cues("Не работает DNS и DHCP после IPTV").caps_words


@pytest.mark.parametrize(
    ("text", "pos", "neg"),
    [
        ("Спасибо 😊👍 :)", 3, 0),
        ("опять не работает 😡😡 :( ((", 0, 4),
        ("без смайлов, но с числом 404 в 12:30", 0, 0),
        ("❤ ☺ 💔", 2, 1),  # symbols below the emoji planes count too
        ("5:)", 0, 0),  # an emoticon glued to a word or digit is not one
    ],
)
def test_emoji_and_emoticon_counts(text: str, pos: int, neg: int) -> None:
    cues = text_cues(text)
    assert (cues.pos_emoji, cues.neg_emoji) == (pos, neg)


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("Сколько можно ждать?! Верните деньги", "demands", ["сколько можно", "верните"]),
        ("Извините, а как оплатить? Не понимаю", "unsure_phrases", ["извините, а", "не понимаю"]),
        ("Как оплатить картой?", "unsure_phrases", ()),  # a plain question is not doubt
        ("Не понимаю, почему вы списали деньги", "unsure_phrases", ()),  # a complaint
        ("Вы лучшие, так держать", "praise", ["вы лучшие", "так держать"]),
        ("Кстати, мы с мужем заметили", "talk", ["кстати", "мы с мужем", "заметил"]),
        ("ахахах ору", "laugh", 2),
        ("aхаха", "laugh", 1),  # a Latin look-alike glued in front does not hide it
        ("сука, опять", "obscene", ("сука",)),
        ("лучшийх прибавка", "praise", ()),  # whole words only
    ],
)
def test_phrase_cues_in_one_scan(text: str, field: str, expected: object) -> None:
    """Every phrase list is matched in one pass over the text; each still finds its own
    (the lexicon's words come along in the same lists)."""
    found = getattr(text_cues(text), field)
    if isinstance(expected, list) and expected:
        assert set(expected) <= set(found), found
    else:
        assert found == expected


def test_markers_are_no_cue_words() -> None:
    """text_cues reads normalize's words with its markers left in: no lexicon and no
    technical stem may hold one, or a marker would count as evidence."""
    from model import persona_features as pf
    from model.normalize import MARKERS

    for marker in MARKERS:
        assert marker not in pf._LEXICON
        assert pf._LOW_CUES.search(marker) is None
    assert text_cues("СРОЧНО!!! ахаха :)").n_words == 1  # «срочно»; the rest are markers


_TRIE_SAMPLES = [
    "сколько можно ждать, верните деньги! в который раз пишу, уйду к другим",
    "я правильно понимаю? правильно ли я делаю, что-то не так нажала",
    "вы лучшие, лучший сервис, лучшийх, спасибо за помощь, с днем рождения",
    "вчера мы с мужем заметили, кстати а можно сделать темную тему",
    "ахахах хехе лол ору, бля, сука, aхаха, 5лучший",
    "не понимаю, не очень понял что делать, не разбираюсь, никогда больше, ни ногой",
    "вчера я заметил: сегодня мы снова я тут, опять я, это снова я, утром я вечером мы",
    "сколько раз,сколько можно.вчера я.кстати-кстати",
    "пинг 5мбит интернет-провайдер маршрутизатор маршрутка ip-адрес вай-фай консоле-пидора",
]


def _plain(lists) -> re.Pattern[str]:
    """The alternation of every list in order, one group per list: what the trie is
    an optimisation of."""
    return re.compile(r"(?<![а-яё])(?:" + "|".join(
        "".join(f"(?<!{b})" for b in not_after) + f"((?:{'|'.join(alternatives)}))"
        for _, not_after, alternatives in lists
    ) + ")")


def _trie_scan(pattern: str, cues: list[str], text: str) -> list[tuple[str, str]]:
    """(cue, words) as text_cues reads the trie's matches."""
    return [(cues[m.lastindex], m.group(0)[1:]) for m in re.finditer(pattern, " " + text)]


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_cue_trie_matches_like_the_plain_alternation(depth: int) -> None:
    """At every place the trie must choose as the alternation of all phrases in list
    order would, whatever its depth; and each list alone finds what it finds alone."""
    from model import persona_features as pf

    lists = pf._CUE_LISTS
    names = [cue for cue, _, _ in lists]
    pattern, cues = pf._cue_trie(lists, depth)
    for text in _TRIE_SAMPLES:
        expected = [(names[m.lastindex - 1], m.group(0)) for m in _plain(lists).finditer(text)]
        assert _trie_scan(pattern, cues, text) == expected, text
    assert pattern == pf._LOW_CUES_PATTERN or depth != 2
    for listed in lists:
        alone, alone_cues = pf._cue_trie([listed], depth)
        for text in _TRIE_SAMPLES:
            expected = [(listed[0], m.group(0)) for m in _plain([listed]).finditer(text)]
            assert _trie_scan(alone, alone_cues, text) == expected, (listed[0], text)


def test_cue_phrases_must_start_with_a_letter() -> None:
    from model import persona_features as pf

    with pytest.raises(ValueError, match="plain letter"):
        pf._cue_trie([("talk", ("[a-z]",), ("(?:а|б)в",))])
    with pytest.raises(ValueError, match="plain letter"):
        pf._cue_trie([("talk", ("[a-z]",), ("а?в",))])


def test_every_lexicon_and_phrase_list_fills_a_cue_field() -> None:
    """text_cues sets the fields by the lists' names: a misspelt name would add an
    attribute nobody reads instead of failing."""
    import dataclasses

    from model import persona_features as pf

    names = {f.name for f in dataclasses.fields(pf.Cues)}
    assert set(pf._CATEGORIES) <= names
    assert {cue for cue, _, _ in pf._CUE_LISTS} <= names
    assert names >= pf._COUNTED


def test_technical_words_are_the_words_lemmas_reads() -> None:
    """Technical stems are found in the same scan as the phrases; what it finds must be
    the words model.lemmas reads from the normalised text (hyphenated ones whole, none
    with a digit glued in front, no look-alike)."""
    from model import persona_features as pf
    from model.lemmas import words
    from model.normalize import normalize

    text = ("Пинг до шлюза 5шлюз, интернет-провайдер и ещё-интернет: маршрутизатор, "
            "маршрутка, Вай-Фай, портит роутеры, перезагрузка ПРОШИВКИ, консоле-пидора")
    toks = [t for t in words(normalize(text)) if not t.startswith(pf.TECH_FALSE)]
    strong = [t for t in toks if t.startswith(pf.TECH_STEMS_STRONG)]
    weak = [t for t in toks if t.startswith(pf.TECH_STEMS_WEAK) and t not in strong]
    cues = text_cues(text)
    assert list(cues.tech_strong) == strong
    assert list(cues.tech_weak) == weak
    assert cues.obscene == ("пидора",)  # the half after the hyphen is still read


@pytest.mark.parametrize("text", [
    "а Иван Петров Сидоров", "а Иван Петров, Сидоров", "вот Ив Пе Си", "а  Иван",
    ", Ааа Ббб: Ввв", "Иван Петров", "сказал Маше и Пете", "x Ab Cd", "ну, Ёлка Ёж ёж Ёж",
])
def test_names_counted_as_the_plain_pattern_would(text: str) -> None:
    """_count_names jumps from space to space; it must count what the plain pattern,
    which takes the character before the space, finds."""
    from model import persona_features as pf

    assert pf._count_names(text) == len(re.findall(r"[а-яёa-z,:;] [А-ЯЁ][а-яё]+", text))
