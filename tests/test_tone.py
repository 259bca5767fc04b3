"""The shipped tone model, the gratitude flag and artifact loading."""

from __future__ import annotations

import json

import pytest

from model import artifacts, tone
from model.gratitude import has_trigger, is_gratitude, is_sarcastic_thanks
from model.tone import LABELS, model_info, predict, scores_to_result

POSITIVE = [
    "Спасибо огромное, всё работает!",
    "Отличный сервис, мастер пришёл вовремя и всё быстро настроил)))",
    "Обожаю ваше приложение, очень удобно",
]
NEGATIVE = [
    "Третий день нет интернета, позор",
    "Ужасная связь, деньги списали, а ничего не работает((",
    "Ужасное обслуживание, больше никогда к вам не приду!!!",
]
NEUTRAL = [
    "Подскажите, во сколько открывается офис на Ленина?",
    "Какой номер у горячей линии",
]


def test_predict_shape_and_probabilities() -> None:
    texts = POSITIVE + NEGATIVE + NEUTRAL + ["", "   ", "😀", "[id1|Аня]"]
    out = predict(texts)
    assert len(out) == len(texts)
    for r in out:
        assert set(r) == {"label", "scores"}
        assert set(r["scores"]) == set(LABELS)
        assert r["label"] in LABELS
        assert all(0.0 <= p <= 1.0 for p in r["scores"].values())
        assert sum(r["scores"].values()) == pytest.approx(1.0, abs=1e-9)
        assert all(round(p, 4) == p for p in r["scores"].values())
        assert r["label"] == max(r["scores"], key=r["scores"].get)


def test_predict_empty_list() -> None:
    assert predict([]) == []


@pytest.mark.parametrize(
    ("text", "label"),
    [(t, "positive") for t in POSITIVE]
    + [(t, "negative") for t in NEGATIVE]
    + [(t, "neutral") for t in NEUTRAL],
)
def test_obvious_sentences(text: str, label: str) -> None:
    assert predict([text])[0]["label"] == label


def test_batch_equals_one_by_one() -> None:
    texts = POSITIVE + NEGATIVE
    assert predict(texts) == [predict([t])[0] for t in texts]


def test_scores_to_result_rounds_to_exactly_one() -> None:
    r = scores_to_result(["negative", "neutral", "positive"], [0.33333, 0.33333, 0.33334])
    assert sum(r["scores"].values()) == pytest.approx(1.0, abs=1e-12)
    assert r["label"] == "positive"
    # A model trained on two labels only still answers all three.
    r = scores_to_result(["negative", "positive"], [0.2, 0.8])
    assert r["scores"] == {"negative": 0.2, "neutral": 0.0, "positive": 0.8}


def test_model_info_reads_meta_only() -> None:
    info = model_info()
    assert info["id"] == "tone_v2"
    assert "CC BY-NC-SA 4.0" in info["license"]
    assert "rusentiment" in info["trained_on"]
    assert info["metrics"]["val_vk"]["macro_f1"] > 0.6
    assert info["version"]


def test_accurate_mode_same_shape_and_unknown_mode_refused() -> None:
    texts = POSITIVE + NEGATIVE + NEUTRAL + [""]
    out = predict(texts, mode="accurate")
    assert [r["label"] for r in out[:-1]] == (["positive"] * 3 + ["negative"] * 3
                                             + ["neutral"] * 2)
    assert all(sum(r["scores"].values()) == pytest.approx(1.0, abs=1e-9) for r in out)
    assert artifacts.read_meta(tone.ACCURATE_PATH)["metrics"]["val_vk"]["macro_f1"] > 0.6
    with pytest.raises(ValueError, match="tone mode"):
        predict(["текст"], mode="slow")


def test_load_is_cached_once_per_path() -> None:
    a = tone.load_model()
    b = tone.load_model(tone.SHIPPED_PATH)
    assert a is b


def test_artifact_protocol_and_version_checks(tmp_path) -> None:
    path = tmp_path / "tone_test.joblib"
    meta = {"id": "tone_test", "protocol": tone.PROTOCOL + 1, "training_data": [],
            "metrics": {}, "license": "test"}
    artifacts.save({"x": 1}, path, meta)
    assert (tmp_path / "tone_test.meta.json").exists()
    with pytest.raises(artifacts.ArtifactError, match="protocol"):
        tone.load_model(path)
    # Another scikit-learn minor version is refused with what to do.
    m = json.loads((tmp_path / "tone_test.meta.json").read_text())
    m["protocol"], m["sklearn_version"] = tone.PROTOCOL, "0.1.0"
    (tmp_path / "tone_test.meta.json").write_text(json.dumps(m))
    with pytest.raises(artifacts.ArtifactError, match="scikit-learn 0.1.0"):
        tone.load_model(path)
    with pytest.raises(artifacts.ArtifactError, match="not found"):
        tone.load_model(tmp_path / "missing.joblib")
    with pytest.raises(artifacts.ArtifactError, match="lacks"):
        artifacts.save({}, tmp_path / "bad.joblib", {"id": "bad"})


@pytest.mark.parametrize(
    "text",
    [
        "Спасибо огромное, всё работает!",
        "спс, починили быстро",
        "Благодарю за помощь, вы лучшие",
        "Огромная благодарность мастеру Сергею!",
        "С днём рождения, любимый магазин!)))",
        "Поздравляю с юбилеем компании!",
        "С Новым годом, команда!",
        "Thank you!",
    ],
)
def test_gratitude(text: str) -> None:
    assert is_gratitude(text)


@pytest.mark.parametrize(
    "text",
    [
        "спасибо, что испортили мне вечер",
        "Спасибо за ничего",
        "Спасибо большое, что опять отключили интернет",
        "Благодарю за испорченный праздник",
        "Третий день нет интернета, позор",
        "Подскажите, как сменить тариф? Заранее спасибо",
        "никакого спасибо вы от меня не дождётесь",
        "Во сколько открывается офис?",
        "",
    ],
)
def test_not_gratitude(text: str) -> None:
    assert not is_gratitude(text)


@pytest.mark.parametrize(
    "text",
    [
        # a request's courtesy: thanks for nothing done yet
        "Подскажите, до скольки работает офис на Ленина? Спасибо!",
        "перезвоните пожалуйста по заявке 1234, спс",
        "Прошу прислать акт сверки на почту. С благодарностью, Анна Сергеевна",
        "Как вернуть товар без чека? Буду благодарен за ответ",
        "удалите пожалуйста мой комментарий выше заранее спасибо",
        "Пож-та, отправьте номер договора в лс. Спасибо!",
        "Будем признательны, если подскажете, где посмотреть остаток бонусов",
        # Sberbank's bonus programme «Спасибо»
        "Почему за покупку в аптеке не начислили бонусы «Спасибо»?",
        "СберСпасибо сгорели, хотя я ими пользовался в прошлом месяце",
        "расплатилась спасибами за половину заказа",
        # a refusal of thanks, not thanks
        "Спасибо, не нужно мне вашей подписки",
        # the thing thanked for is stuck: «…висит третьи сутки», «прошла неделя»
        "Спасибо за перевод, который третьи сутки висит в обработке",
        "Спасибо за обещание перезвонить сегодня. Прошла неделя",
    ],
)
def test_thanks_that_are_not_gratitude(text: str) -> None:
    assert not is_gratitude(text)


@pytest.mark.parametrize(
    "text",
    [
        "Подскажите, когда приедет мастер? Спасибо, что так быстро ответили вчера",
        "Пожалуйста, передайте мастеру Игорю спасибо, всё работает!",
        "Спасибо! А можно ещё подключить вторую сим-карту к этому тарифу?",
        "Всё заработало, спасибо!",
        # a request beside praise or a fix: the thanks are for those
        "Ребята, вы лучшие! Пожалуйста, не меняйтесь. Спасибо!",
        "Интернет починили за час. Передайте, пожалуйста, мастеру премию) Спасибо!",
    ],
)
def test_thanks_beside_a_question_or_please_stay_gratitude(text: str) -> None:
    assert is_gratitude(text)


def test_sarcasm_caught_by_rule_and_tone_veto_with_given_tone() -> None:
    assert is_sarcastic_thanks("Спасибо, что испортили мне вечер")
    assert has_trigger("Спасибо вам")
    negative = {"label": "negative", "scores": {"negative": 0.9, "neutral": 0.05,
                                                "positive": 0.05}}
    positive = {"label": "positive", "scores": {"negative": 0.05, "neutral": 0.05,
                                                "positive": 0.9}}
    assert not is_gratitude("Спасибо вам, конечно", tone=negative)
    assert is_gratitude("Спасибо вам, конечно", tone=positive)


def test_accurate_pipeline_step_by_step_equals_predict_proba() -> None:
    import numpy as np

    from model.inference import predict_proba

    pipe, _ = tone.load_model(tone.ACCURATE_PATH)
    texts = POSITIVE + NEGATIVE + NEUTRAL
    np.testing.assert_allclose(predict_proba(pipe, texts), pipe.predict_proba(texts),
                               rtol=0, atol=1e-6)


ISSUE_EXAMPLES = [  # issue 17's comments from a newcomer's hands, and what they are
    ("Ну спасибо, очень помогли. Неделю жду техника, отличный сервис, так держать 👏",
     "negative"),
    ("Совсем не плохо работает теперь интернет", "positive"),
    ("Спасибо за «быструю» доставку, всего-то две недели ждала", "negative"),
    ("ВЫ ИЗДЕВАЕТЕСЬ?! Сколько можно ждать мастера!!!", "negative"),
    ("Здравствуйте, подскажите пожалуйста, я не понимаю, как оплатить интернет через "
     "телефон? Внук уехал, а я не разбираюсь", "neutral"),
]


@pytest.mark.parametrize(("text", "label"), ISSUE_EXAMPLES)
def test_the_issues_examples(text: str, label: str) -> None:
    result = predict([text])[0]
    assert result["label"] == label, result
    assert not is_gratitude(text, tone=result)


QA_EXAMPLES = [  # found by QA after tone_v2 shipped
    ("#ХочуКомпенсацию за ваш сервис", {"negative"}),  # a claim for money back
    ("Поставил через WireGuard, всё ок", {"neutral", "positive"}),  # a problem solved
    ("Подключился через WireGuard, всё ок", {"neutral", "positive"}),
]


@pytest.mark.parametrize(("text", "labels"), QA_EXAMPLES)
@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_the_qa_examples(text: str, labels: set[str], mode: str) -> None:
    assert predict([text], mode=mode)[0]["label"] in labels


def test_classify_accurate_mode(runner) -> None:
    from companion.cli import cli

    lines = [{"id": 1, "text": "Третий день нет интернета!!! Верните деньги!"},
             {"id": 2, "text": "Спасибо огромное, мастер всё починил 😊"}]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    result = runner.invoke(cli, ["classify", "--mode", "accurate"], input=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["tone"]["label"] for r in out] == ["negative", "positive"]
    assert [r["gratitude"] for r in out] == [False, True]
    bad = runner.invoke(cli, ["classify", "--mode", "slow"], input=stdin)
    assert bad.exit_code != 0 and "slow" in bad.output
