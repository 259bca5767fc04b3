"""Template similarity: robust to disguises, quiet on personal replies, incremental."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from model.similarity import (
    DEFAULT_THRESHOLDS,
    SimilarityIndex,
    Thresholds,
    discover,
    pair_score,
)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "templates"

# A small library written for these tests (not the dev set): three canned replies.
LIBRARY = {
    "t-wait": "Добрый день! Спасибо, что обратились к нам. Информация передана профильным "
              "специалистам, ожидайте обратной связи в течение двух рабочих дней.",
    "t-cache": "Рекомендуем очистить кэш приложения и обновить его до последней версии. "
               "Если проблема сохранится, напишите нам в личные сообщения.",
    "t-refund": "Денежные средства будут возвращены на вашу карту в течение 3-5 рабочих дней.",
}


@pytest.fixture
def index() -> SimilarityIndex:
    ix = SimilarityIndex()
    for item_id, text in LIBRARY.items():
        ix.add(item_id, text)
    return ix


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        # the template itself
        (LIBRARY["t-cache"], "t-cache"),
        # a name and a greeting added, «Вы» capitalised, emoji
        ("Мария, здравствуйте! Рекомендуем Вам очистить кэш приложения и обновить его до "
         "последней версии 🙂 Если проблема сохранится — напишите нам в личные сообщения!",
         "t-cache"),
        # inflection and word order
        ("Информацию мы передали профильному специалисту. Спасибо, что обратились к нам, "
         "обратной связи ожидайте в течение двух рабочих дней", "t-wait"),
        # a sentence dropped
        ("Рекомендуем очистить кэш приложения и обновить его до последней версии.", "t-cache"),
        # a personal line added after the template
        ("Денежные средства будут возвращены на вашу карту в течение 3-5 рабочих дней. "
         "Простите, что пришлось ждать.", "t-refund"),
        # numbers written out, punctuation gone
        ("денежные средства будут возвращены на карту в течение трёх-пяти рабочих дней",
         "t-refund"),
    ],
)
def test_edited_templates_warn(index: SimilarityIndex, draft: str, expected: str) -> None:
    result = index.check(draft)
    assert result["level"] in ("warn", "high"), result
    assert result["nearest"]["id"] == expected
    assert result["nearest"]["source"] == "template"
    assert result["nearest"]["text"] == LIBRARY[expected]
    assert result["score"] >= DEFAULT_THRESHOLDS.warn


@pytest.mark.parametrize(
    "draft",
    [
        "Ого, спасибо, что написали! Позвали инженеров — они уже смотрят, что с сигналом "
        "в вашем районе. Вернёмся с новостями через час.",
        "Похоже, приложение сохранило старые данные. Попробуйте в настройках телефона "
        "очистить кэш — обычно помогает. Если нет, напишите, какая у вас модель.",
        "Возврат уже оформлен: банк обычно зачисляет деньги за 3-5 дней, но часто быстрее. "
        "Если к пятнице не придут — пишите, проверим.",
        "Спасибо!",
        "Добрый день, Иван!",
        "",
        "😊👍",
    ],
)
def test_personal_replies_stay_quiet(index: SimilarityIndex, draft: str) -> None:
    assert index.check(draft)["level"] == "ok"


def test_empty_index_answers_ok() -> None:
    result = SimilarityIndex().check("Информация передана профильным специалистам")
    assert result == {"score": 0.0, "level": "ok", "nearest": None, "spans": []}


def test_spans_point_at_the_original_draft(index: SimilarityIndex) -> None:
    draft = "Иван, добрый день! Рекомендуем Вам очистить кэш приложения 🙂 А ещё загляните к нам."
    result = index.check(draft)
    covered = " ".join(draft[s["start"]:s["end"]] for s in result["spans"])
    assert "Рекомендуем Вам очистить кэш приложения" in covered
    assert "Иван" not in covered and "добрый" not in covered
    assert "загляните" not in covered
    for s in result["spans"]:
        assert 0 <= s["start"] < s["end"] <= len(draft)


def test_add_is_searchable_without_rebuild_and_remove_forgets(index: SimilarityIndex) -> None:
    reply = "Мастер приедет завтра с десяти до двух, заранее позвонит на ваш номер."
    assert index.check(reply)["level"] == "ok"
    index.add("r1", reply, source="reply")
    assert len(index) == 4
    result = index.check("Завтра с 10 до 2 приедет мастер, позвонит заранее на ваш номер")
    assert result["nearest"]["id"] == "r1"
    assert result["nearest"]["source"] == "reply"
    assert result["level"] != "ok"
    assert index.remove("r1") is True
    assert index.remove("r1") is False
    assert len(index) == 3
    assert index.check(reply)["level"] == "ok"


def test_add_replaces_an_item_with_the_same_id(index: SimilarityIndex) -> None:
    index.add("t-cache", "Акция действует до конца месяца во всех магазинах сети.")
    assert len(index) == 3
    assert index.check(LIBRARY["t-cache"])["level"] == "ok"
    assert index.check("Акция действует до конца месяца во всех магазинах")["nearest"]["id"] == (
        "t-cache"
    )


def test_many_adds_merge_into_the_matrix_and_stay_correct() -> None:
    ix = SimilarityIndex()
    for i in range(5000):
        ix.add(f"r{i}", f"Заказ номер {i} передан курьеру службы доставки {i % 7}", "reply")
        if i % 3 == 0:
            ix.remove(f"r{i}")
    assert len(ix) == 5000 - 1667
    ix.add("t1", LIBRARY["t-refund"])
    assert ix.check(LIBRARY["t-refund"])["nearest"]["id"] == "t1"
    assert ix.nearest("Заказ номер 4 передан курьеру службы доставки 4")[0][0] == "r4"


def test_template_wins_a_tie_with_a_reply() -> None:
    ix = SimilarityIndex()
    ix.add("r1", LIBRARY["t-cache"], "reply")
    ix.add("t1", LIBRARY["t-cache"], "template")
    assert ix.check(LIBRARY["t-cache"])["nearest"]["id"] == "t1"


@pytest.mark.parametrize(("score", "level"), [(0.0, "ok"), (0.49, "ok"), (0.5, "warn"),
                                              (0.74, "warn"), (0.75, "high"), (1.0, "high")])
def test_default_levels(score: float, level: str) -> None:
    assert DEFAULT_THRESHOLDS.level(score) == level


def test_thresholds_are_configurable(index: SimilarityIndex) -> None:
    draft = "Рекомендуем очистить кэш приложения и обновить его до последней версии."
    strict = index.check(draft, Thresholds(warn=0.99, high=1.0))
    assert strict["level"] == "ok"
    assert index.check(draft, Thresholds(warn=0.1, high=0.2))["level"] == "high"


@pytest.mark.parametrize(("warn", "high"), [(0.0, 0.5), (0.8, 0.5), (0.5, 1.5)])
def test_bad_thresholds_are_refused(warn: float, high: float) -> None:
    with pytest.raises(ValueError):
        Thresholds(warn, high)


def test_bad_source_is_refused() -> None:
    with pytest.raises(ValueError):
        SimilarityIndex().add("x", "text", source="draft")


def test_pair_score_is_symmetric_and_bounded() -> None:
    a, b = LIBRARY["t-wait"], "Спасибо, что обратились! Информацию передали специалистам."
    assert pair_score(a, b) == pytest.approx(pair_score(b, a))
    assert 0.0 <= pair_score(a, b) <= 1.0
    assert pair_score(a, a) == pytest.approx(1.0)


def test_discover_finds_the_teams_own_template() -> None:
    canned = [
        "Добрый день! Мастер свяжется с вами в течение дня и согласует время визита.",
        "Здравствуйте, мастер свяжется с Вами в течение дня и согласует время визита",
        "Анна, мастер свяжется с вами в течение дня, согласует время визита.",
        "Мастер в течение дня свяжется с вами и согласует время визита!",
    ]
    personal = [
        "Ого, вот это скорость! Рады, что всё заработало.",
        "Проверили: авария на линии, чиним до вечера.",
        "Спасибо за фото, передали в магазин на Ленина.",
        "Да, доставка в Академгородок тоже работает.",
    ]
    texts = [(f"c{i}", t) for i, t in enumerate(canned)] + [
        (f"p{i}", t) for i, t in enumerate(personal)
    ]
    groups = discover(texts, min_count=3)
    assert len(groups) == 1
    assert sorted(groups[0]["members"]) == ["c0", "c1", "c2", "c3"]
    assert groups[0]["count"] == 4
    assert groups[0]["text"] in canned
    assert discover(texts, min_count=5) == []


def test_dev_set_f1() -> None:
    """The shared development set: F1 of ``templated`` at the default thresholds."""
    if not SHARED.exists():
        pytest.skip("shared development data not present")
    ix = SimilarityIndex()
    with (SHARED / "library.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ix.add(row["id"], row["text"])
    tp = fp = fn = 0
    with (SHARED / "drafts.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            predicted = ix.check(row["text"])["level"] != "ok"
            actual = row["templated"] == "1"
            tp += predicted and actual
            fp += predicted and not actual
            fn += actual and not predicted
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.9
