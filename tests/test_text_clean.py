"""Real-world text (issue 16): one cleaning that every check trusts.

``model.normalize.clean``/``clean_map`` and ``model.hashtags``, then what they change
for tone, gratitude, persona, template similarity and clichés.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from model.cliches import find_cliches
from model.draft_text import tokenize
from model.hashtags import FREQUENCIES_PATH, split_hashtag
from model.normalize import clean, clean_map, normalize, text_key
from model.similarity import SimilarityIndex

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"

SHY, ZWSP, ZWNJ, ZWJ, WJ, BOM, LRM, RLM = (
    "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f")
INVISIBLE = [SHY, ZWSP, ZWNJ, ZWJ, WJ, BOM, LRM, RLM, "\u202a", "\u202c", "\u2066",
             "\u2069", "\u061c", "\u180e", "\u2063", "\ufe0f"]
# Cyrillic letters with a Latin look-alike, and the look-alike.
LOOKALIKE = dict(zip("аеорсхуАВЕКМНОРСТХУ", "aeopcxyABEKMHOPCTXY", strict=True))


# --- the cleaning itself ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # invisible characters inside words, every kind
        *[(f"об{ch}ман{ch}щики", "обманщики") for ch in INVISIBLE],
        ("\ufeffСпасибо", "Спасибо"),
        # look-alike letters folded to the script of their word
        ("Вы oбманщики и вoры", "Вы обманщики и воры"),  # Latin o
        ("ОТKЛЮЧИЛИ", "ОТКЛЮЧИЛИ"),  # Latin K
        ("пpивет, спаcибо", "привет, спасибо"),  # Latin p, c
        ("ΟБМАН", "ОБМАН"),  # Greek capital omicron
        ("οбман", "обман"),  # Greek small omicron
        ("в0ры", "воры"),  # a zero between Cyrillic letters
        # a one-letter word in Latin look-alikes: the word after it (or before a
        # number, the word before it) tells its script
        ("C уважением, команда", "С уважением, команда"),
        ("свяжемся c вами, a также o заказе", "свяжемся с вами, а также о заказе"),
        ("работаем c 9 до 18, B субботу y нас выходной",
         "работаем с 9 до 18, В субботу у нас выходной"),
        ("K сожалению, нет", "К сожалению, нет"),
        ("vitamin C 500 мг и план B.", "vitamin C 500 мг и план B."),
        ("П0ЗОР и п0зор", "ПОЗОР и позор"),
        # a Latin «u» for «и» and a «3» for «З» inside an otherwise Cyrillic word
        ("Bы oбманщuки", "Вы обманщики"),
        ("ВЫ ОБМАНЩUКИ 3ДЕСЬ", "ВЫ ОБМАНЩИКИ ЗДЕСЬ"),
        ("3дравствуйте, 3вонила 3 раза", "Здравствуйте, Звонила 3 раза"),
        ("обра3ец", "образец"),
        # ... but never in a Latin word, a number or a number glued to a word
        ("You, Yоu, Ubuntu и Unix", "You, You, Ubuntu и Unix"),
        *[(t, t) for t in ("300 рублей, 3G, 3-й этаж, в 3 часа, 3х3, mp3",
                           "3дня, 3раза, 13дня, 3ий, ра3, Привет3")],
        ("Аррle и Miсrosoft", "Apple и Microsoft"),  # Cyrillic а, р, с in Latin words
        ("Wіndows", "Windows"),  # Ukrainian і in a Latin word
        # a word of one script is never touched; a real mixed word stays
        ("Купил XEROX и COCA", "Купил XEROX и COCA"),
        ("сор и cop", "сор и cop"),
        ("MTSовский тариф", "MTSовский тариф"),
        ("iPhone 15", "iPhone 15"),
        ("до 10 дней, 100руб", "до 10 дней, 100руб"),
        # styled letters: mathematical bold/italic, full-width, ligatures, odd spaces
        ("𝐇𝐞𝐥𝐥𝐨 𝑊𝑜𝑟𝑙𝑑", "Hello World"),
        ("ＷｉＦｉ　не работает！", "WiFi не работает!"),
        ("ﬁle", "file"),
        ("не\u00a0работает", "не работает"),
        # stress marks over Cyrillic letters
        ("моло\u0301ко, за\u0300мок", "молоко, замок"),
        ("и\u0306од", "йод"),  # a decomposed й composes
        ("з\u0336а\u0336ч\u0336е\u0336р\u0336к\u0336н\u0336у\u0336т\u0336о", "зачеркнуто"),
        ("n\u0335o\u0337t\u0338e cafe\u0301", "note café"),
        # quotes and dashes
        ("«Ростелеком» и „МТС“ и “Билайн”", '"Ростелеком" и "МТС" и "Билайн"'),
        ("it’s ‘ok’", "it's 'ok'"),
        ("3–5 дней, Wi‑Fi, минус −5", "3-5 дней, Wi-Fi, минус -5"),
        ("Москва – Питер ― далеко", "Москва — Питер — далеко"),
        ("слово—слово", "слово—слово"),
        # what NFKC would spoil is kept
        ("заявка №5…", "заявка №5…"),
        # hashtags split into words
        ("#верниденьги", "верни деньги"),
        ("#позормегафон и #позормегател", "позор мегафон и позор мегател"),
        ("#ВерниДеньги #мтс_помогает", "Верни Деньги мтс помогает"),
        ("#интернетнеработает", "интернет не работает"),
        ("#1 в рейтинге", "#1 в рейтинге"),
        ("", ""),
    ],
)
def test_clean_cases(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("верниденьги", ("верни", "деньги")),
        ("позормегафон", ("позор", "мегафон")),
        ("позормегател", ("позор", "мегател")),  # an unknown brand stays whole
        ("вернитедолг", ("верните", "долг")),
        ("поддержкамолчит", ("поддержка", "молчит")),
        ("деньгинаветер", ("деньги", "на", "ветер")),
        ("хочуввыходные", ("хочу", "в", "выходные")),
        ("ВЕРНИДЕНЬГИ", ("ВЕРНИ", "ДЕНЬГИ")),
        ("ВерниДеньги", ("Верни", "Деньги")),
        ("позортеле2", ("позор", "теле", "2")),
        ("билайн", ("билайн",)),
        ("savethechildren", ("savethechildren",)),
    ],
)
def test_split_hashtag(tag: str, words: tuple[str, ...]) -> None:
    assert split_hashtag(tag) == words


@pytest.mark.parametrize(
    "text",
    [
        "Вы об\u00adман\u200bщики и вoры!",
        "#верниденьги, #позормегафон",
        "Ｓａｌｅ «скидка» 3–5 дней моло\u0301ко",
        "\ufeff\u200eпpивет\u200f",
        "Bы oбманщuки! 3дравствуйте, об\u00adра3ец",
    ],
)
def test_offsets_point_at_the_original(text: str) -> None:
    cleaned = clean_map(text)
    for m in __import__("re").finditer(r"\w+", cleaned.text):
        start, end = cleaned.span(m.start(), m.end())
        # The original range, cleaned, is the word again.
        assert clean(text[start:end]).replace(" ", "") == m.group(0)


def test_normalize_reads_the_cleaned_text() -> None:
    assert normalize("Вы oбманщики и вoры!!!") == normalize("Вы обманщики и воры!!!")
    assert normalize("#верниденьги") == "верни деньги"
    assert text_key("Вы об\u00adманщики,  «ВОРЫ»") == text_key("вы обманщики — воры")


def test_word_frequencies_are_small_and_rebuild_the_same(tmp_path: Path) -> None:
    assert FREQUENCIES_PATH.stat().st_size < 400_000
    if not (SHARED_DATA / "cedr" / "train.csv").is_file():
        pytest.skip("../shared/data is not here")
    out = tmp_path / "freq.tsv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_word_frequencies.py"),
                    "--data", str(SHARED_DATA), "--output", str(out)],
                   check=True, capture_output=True, timeout=600)
    assert out.read_bytes() == FREQUENCIES_PATH.read_bytes()


# --- properties --------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_clean_is_idempotent_and_never_raises(text: str) -> None:
    cleaned = clean_map(text)
    assert clean(cleaned.text) == cleaned.text
    assert normalize(cleaned.text) == normalize(text)
    if cleaned.starts is not None:
        assert len(cleaned.starts) == len(cleaned.ends) == len(cleaned.text)
        assert all(0 <= s <= e <= len(text) for s, e in zip(cleaned.starts, cleaned.ends,
                                                               strict=True))
        assert list(cleaned.starts) == sorted(cleaned.starts)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕКМНОРСТХaeopcxyunrmbhtABEKMHOPTXYRUNіѕ03 .,!?#-–«»"
    "\u00ad\u200b\u200d\u0301\u0306\u0308𝐀ａｶﾞㄱㅏ…№´Ω_"), max_size=60))
def test_clean_is_idempotent_on_mixed_scripts(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    tokenize(text)  # never raises; offsets within the text
    for tok in tokenize(text):
        assert 0 <= tok.start <= tok.end <= len(text)


# Comments and drafts of the kinds the models see; the properties change them.
COMMENTS = [
    "Вы обманщики и воры, верните деньги!",
    "Спасибо огромное, мастер пришёл вовремя и всё починил)",
    "Третий день нет интернета, сколько можно ждать???",
    "Подскажите, пожалуйста, как подключить роутер к приставке?",
    "Пинг 300 мс, потери пакетов, трассировка обрывается на шлюзе провайдера.",
    "Ну такое себе, вроде работает, но медленно",
    "ПОЗОР!!! Отключили связь без предупреждения",
    "С днём рождения, любимый магазин!",
    "А у вас скидки на сырки ещё действуют? Я вчера заходила, не нашла",
    "Не знаю даже, что делать, помогите разобраться с тарифом",
]
DRAFTS = [
    "В настоящее время ведутся технические работы, приносим извинения за "
    "доставленные неудобства.",
    "Ваш отзыв попал точно в цель, спасибо!",
    "В любом случае мастер приедет завтра с 10 до 14.",
    "В целях безопасности смените пароль в личном кабинете.",
    "Денежные средства поступят на ваш счёт в течение 3-5 рабочих дней.",
    "Ого, вот это история! Курьер перепутал подъезд, уже едет к вам.",
]
TEMPLATES = [
    "Добрый день! Спасибо, что обратились к нам. Информация передана профильным "
    "специалистам, ожидайте обратной связи.",
    "Просим прощения за ситуацию. Мы обязательно разберёмся и сообщим вам результат.",
    "Уточните, пожалуйста, адрес подключения и контактный номер телефона в личных "
    "сообщениях.",
    "Благодарим за высокую оценку нашей работы! Всегда рады помочь.",
    "Акция действует до конца месяца во всех магазинах сети. Подробные условия "
    "размещены на сайте.",
    "Рекомендуем очистить кэш приложения и обновить его до последней версии.",
    "Ваше предложение передано в соответствующий отдел для рассмотрения.",
    "Денежные средства поступят на ваш счёт в течение 3-5 рабочих дней.",
]
SIGNATURE = "\n\nС заботой о вас, команда поддержки МегаСвязь"


@pytest.fixture(scope="module")
def library() -> SimilarityIndex:
    index = SimilarityIndex()
    index.add_many((f"t{i}", text + SIGNATURE, "template") for i, text in enumerate(TEMPLATES))
    return index


def _inside_word_positions(text: str) -> list[int]:
    return [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]


@st.composite
def with_invisibles(draw: st.DrawFn, texts: list[str]) -> tuple[str, str]:
    text = draw(st.sampled_from(texts))
    positions = _inside_word_positions(text)
    chosen = sorted(draw(st.sets(st.sampled_from(positions), min_size=1, max_size=8)),
                    reverse=True)
    changed = text
    for pos in chosen:
        changed = changed[:pos] + draw(st.sampled_from(INVISIBLE)) + changed[pos:]
    return text, changed


@st.composite
def with_lookalikes(draw: st.DrawFn, texts: list[str]) -> tuple[str, str]:
    """Some Cyrillic letters swapped for Latin look-alikes; every word keeps at least
    one letter as it was (a word swapped whole is a Latin word: «сор» → «cop»)."""
    text = draw(st.sampled_from(texts))
    chars = list(text)
    for m in __import__("re").finditer(r"[а-яёА-ЯЁ]+", text):
        swappable = [i for i in range(m.start(), m.end()) if chars[i] in LOOKALIKE]
        if not swappable:
            continue
        keep_one = len(swappable) == m.end() - m.start()
        picked = draw(st.sets(st.sampled_from(swappable),
                              max_size=len(swappable) - (1 if keep_one else 0)))
        for i in picked:
            chars[i] = LOOKALIKE[chars[i]]
    changed = "".join(chars)
    assume(changed != text)
    return text, changed


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir for ``companion.analysis.analyze`` (no trainer's model in it)."""
    return tmp_path_factory.mktemp("otklik-data")


def _labels(home: Path, texts: list[str]) -> list[tuple]:
    from companion.analysis import analyze

    results = analyze([{"id": str(i), "text": t} for i, t in enumerate(texts)], home)
    return [(r["tone"]["label"], r["gratitude"], r["persona"]["label"]) for r in results]


def _check(index: SimilarityIndex, text: str) -> tuple[float, list[str]]:
    return index.check(text)["score"], [c["phrase"] for c in find_cliches(text)]


_PROPERTY = settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


@_PROPERTY
@given(st.one_of(with_invisibles(COMMENTS), with_lookalikes(COMMENTS)))
def test_invisibles_and_lookalikes_change_no_label(home: Path, pair: tuple[str, str]) -> None:
    original, changed = pair
    assert _labels(home, [changed]) == _labels(home, [original])


@_PROPERTY
@given(st.one_of(with_invisibles(DRAFTS + TEMPLATES), with_lookalikes(DRAFTS + TEMPLATES)))
def test_invisibles_and_lookalikes_change_no_template_score_or_cliche(
    library: SimilarityIndex, pair: tuple[str, str]
) -> None:
    original, changed = pair
    score, cliches = _check(library, original)
    score2, cliches2 = _check(library, changed)
    assert abs(score2 - score) <= 0.02
    assert cliches2 == cliches


# --- the examples and others of their kinds ------------------------------------
@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("Вы oбманщики и вoры", "Вы обманщики и воры"),
        ("Вы об\u00adманщики и во\u200bры", "Вы обманщики и воры"),
        ("ВЫ ОБМAНЩИКИ И BOРЫ!!!", "ВЫ ОБМАНЩИКИ И ВОРЫ!!!"),
        ("Cпасибо огромное, всё работает!", "Спасибо огромное, всё работает!"),
        ("Спа\u200bсибо вам бо\u00adльшое)", "Спасибо вам большое)"),
        ("Ｃпасибо за 𝐩омощь", "Спасибо за помощь"),
        ("#верниденьги #позормегафон", "верни деньги позор мегафон"),
    ],
)
def test_typed_tricks_read_as_the_plain_text(home: Path, typed: str, plain: str) -> None:
    assert _labels(home, [typed]) == _labels(home, [plain])


def test_hashtag_words_reach_the_lexicons(home: Path) -> None:
    from companion.analysis import analyze

    result = analyze([{"id": "1", "text": "#верниденьги #позормегафон"}], home)[0]
    assert result["persona"]["label"] == "aggressor"
    assert any("верни" in s for s in result["persona"]["signals"])


@pytest.mark.parametrize("swap", [
    str.maketrans("аеосрх", "aeocpx"),  # Latin look-alikes
    str.maketrans("АВЕКМНОРСТХаеорсху", "ABEKMHOPCTXaeopcxy"),
    None,  # soft hyphens and zero-width spaces inside words
])
def test_pasted_template_is_still_high(library: SimilarityIndex, swap) -> None:
    text = TEMPLATES[1]
    if swap is None:
        text = text.replace("про", "про\u00ad").replace("ту", "т\u200bу").replace("за", "з\u2060а")
    else:
        text = text.translate(swap)
    assert text != TEMPLATES[1]
    result = library.check(text)
    assert result["level"] == "high", result["score"]
    # The spans point at the characters as pasted.
    span = result["spans"][0]
    assert clean(text[span["start"]:span["end"]]).lower().startswith("просим прощения")


def test_template_pasted_with_latin_one_letter_words_scores_the_same(
    library: SimilarityIndex,
) -> None:
    # Every «а е о с р х» swapped, the one-letter words («с», «а», «о») included.
    text = "Мы свяжемся с вами сегодня, а также расскажем о сроках. С уважением, команда"
    pasted = text.translate(str.maketrans("аеосрхС", "aeocpxC"))
    assert clean(pasted) == text
    assert abs(library.check(pasted)["score"] - library.check(text)["score"]) <= 0.02


@pytest.mark.parametrize("reply", [
    "Ого, вот это история! Курьер перепутал подъезд, мы уже позвонили ему, "
    "через полчаса будет у вас.",
    "Анна, простите, это наша ошибка с тарифом: вернули 300 ₽ на баланс, проверьте.",
    "Да, в вашем доме на Ленина 5 меняют кабель, к вечеру интернет вернётся.",
])
def test_shared_signature_makes_no_template(library: SimilarityIndex, reply: str) -> None:
    result = library.check(reply + SIGNATURE)
    assert result["level"] == "ok", result
    # The signature alone is still nothing, and a template with it still is one.
    assert library.check(TEMPLATES[0] + SIGNATURE)["level"] == "high"


def test_signature_discount_needs_a_library() -> None:
    """Two templates sharing a paragraph: a copy of one is still a copy."""
    index = SimilarityIndex()
    index.add("a", "Интернет не работает из-за аварии на линии, починим к вечеру.")
    index.add("b", "Интернет не работает из-за аварии на линии, починим к утру.")
    assert index.check("Интернет не работает из-за аварии на линии, починим к вечеру!")[
        "level"] == "high"


def test_discount_follows_the_library() -> None:
    index = SimilarityIndex()
    index.add_many((f"t{i}", t + (SIGNATURE if i == 0 else ""), "template")
                   for i, t in enumerate(TEMPLATES))
    reply = "Ого, вот это история! Курьер перепутал подъезд, уже едет к вам." + SIGNATURE
    before = index.check(reply)["score"]  # one signed template: the signature is its own
    for i, text in enumerate(TEMPLATES):  # the team signs every template from now on
        index.add(f"t{i}", text + SIGNATURE, "template")
    assert index.check(reply)["score"] < 0.1 < before
    index.remove("t0")
    index.add("r1", "Личный ответ про курьера" + SIGNATURE, "reply")  # replies: no df
    assert index.check(reply)["score"] < 0.1


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("Ваш отзыв попал точно в цель", []),
        ("В любом случае мастер приедет", []),
        ("В целом всё работает, но медленно.", []),
        ("В таком случае напишите нам в личные сообщения.", []),
        ("В крайнем случае позвоните на горячую линию.", []),
        ("В большинстве случаев помогает перезагрузка.", []),
        ("По какой причине не работает?", []),
        ("В случае отказа вернём деньги.", ["в случае"]),
        ("В целях безопасности смените пароль.", ["в целях"]),
        ("В любом случае, в целях проверки, в настоящее время ждём.",
         ["в целях", "в настоящее время"]),
        ("В наст\u00adоящее вр\u200bемя сеть работает", ["в настоящее время"]),
        ("Пpиносим извинения", ["приносим извинения"]),
        # a word between a preposition and its noun is the noun's own: plain speech
        ("Ни в коем случае не сообщайте код.", []),
        ("Во всяком случае, мы постараемся.", []),
        ("В первом случае курьер приедет сам.", []),
        ("По этой причине мы и пишем.", []),
        ("С какой целью вы спрашиваете?", []),
        ("Приносим извинения за все доставленные неудобства.",
         ["приносим извинения за доставленные неудобства"]),
        # «в рамках» is no frame
        ("В рамке фотографии указан номер.", []),
        ("Вставьте фото в рамку.", []),
        ("Скидка действует в рамках акции.", ["в рамках"]),
    ],
)
def test_cliches_and_idioms(text: str, phrases: list[str]) -> None:
    assert [c["phrase"] for c in find_cliches(text)] == phrases


def test_trainer_adds_an_idiom(tmp_path: Path) -> None:
    extra = tmp_path / "cliches.tsv"
    extra.write_text("!по причине болезни\n", encoding="utf-8")
    text = "По причине болезни мастер опоздал"
    assert [c["phrase"] for c in find_cliches(text)] == ["по причине"]
    assert find_cliches(text, extra) == []


def test_bad_idiom_line_names_file_and_line(tmp_path: Path) -> None:
    extra = tmp_path / "cliches.tsv"
    extra.write_text("# ok\n!\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cliches.tsv:2: expected '!idiom'"):
        find_cliches("текст", extra)
