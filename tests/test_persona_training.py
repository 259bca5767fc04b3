"""Smoke test of the persona training code: weak labels, pipeline, artifact round trip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from model.artifacts import ArtifactError, load, save

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import train_persona  # noqa: E402

ROWS = [
    ("cedr", "Какие же вы уроды, ненавижу", "anger", "aggressor"),
    ("toxic_ru", "Иди отсюда, дебил", "toxic", "aggressor"),
    ("cedr", "Ура, наконец-то отпуск, я так счастлива!", "joy", "positive"),
    ("sentirueval_telecom", "Спасибо, всё заработало, вы лучшие)))", "positive", "positive"),
    ("toxic_ru", "Пинг до сервера 80 мс, трассировка через шлюз провайдера, DNS ок", "non_toxic",
     "expert"),
    ("toxic_ru", "Подскажите, пожалуйста, как настроить, я не понимаю?", "non_toxic", "unsure"),
    ("toxic_ru", "Вчера ходили с женой в парк, там поставили новые скамейки и фонари. Потом "
     "зашли в кафе, взяли чай и пирог. Кстати, цены там выросли, но не сильно, и музыка "
     "играла приятная.", "non_toxic", "talker"),
    ("cedr", "Заседание перенесли на вторник", "no_emotion", "none"),
]


@pytest.mark.parametrize(("source", "text", "human", "expected"), ROWS)
def test_weak_label(source: str, text: str, human: str, expected: str) -> None:
    assert train_persona.weak_label(source, text, human) == expected


def test_sad_texts_abstain() -> None:
    assert train_persona.weak_label("cedr", "Мне так грустно сегодня", "sadness") is None


def test_train_save_load_predict(tmp_path: Path) -> None:
    texts = [t for _, t, _, _ in ROWS] * 3
    labels = [lab for *_, lab in ROWS] * 3
    pipe = train_persona.build_pipeline()
    pipe.set_params(features__lemmas__min_df=1)
    pipe.fit(texts, labels)
    path = tmp_path / "persona_test.joblib"
    meta = {"id": "persona_test", "protocol": train_persona.PROTOCOL, "training_data": [],
            "metrics": {}, "license": "test"}
    save({"pipeline": pipe, "classes": list(pipe.classes_)}, path, meta)
    obj, read = load(path, protocol=train_persona.PROTOCOL)
    proba = obj["pipeline"].predict_proba(["Верните деньги, жулики!!!"])
    assert proba.shape == (1, 6)
    assert obj["classes"][proba.argmax()] == "aggressor"
    assert read["id"] == "persona_test"
    with pytest.raises(ArtifactError, match="protocol"):
        load(path, protocol=train_persona.PROTOCOL + 1)


def test_calibration_labels_name_a_bad_source(tmp_path: Path) -> None:
    """A calibration label that points nowhere is a one-line error naming file and line."""
    import persona_sets

    bad = tmp_path / "labels.csv"
    bad.write_text("source,persona\nsentirueval2015/nowhere.csv row 3,none\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"labels\.csv:2: source .*nowhere\.csv row 3"):
        persona_sets.read_by_source(bad)


def test_default_threshold_is_where_the_shown_hints_are_right_often_enough() -> None:
    import numpy as np
    from calibrate_persona import choose_threshold

    conf = np.array([0.2, 0.4, 0.6, 0.8, 0.9])
    right = np.array([0.0, 0.0, 1.0, 1.0, 1.0])
    assert choose_threshold(conf, right, 0.8) == 0.6
    assert choose_threshold(conf, np.zeros(5), 0.8) == 1.0


def test_shipped_calibration_was_fitted_on_the_shipped_labels() -> None:
    """The calibration file names the labels it was fitted on; refit when they change."""
    import hashlib
    import json

    import persona_sets

    from model import persona

    data = json.loads(persona.CALIBRATION_PATH.read_text(encoding="utf-8"))
    labels = persona_sets.CALIBRATION.read_bytes()
    assert data["fitted_on"]["sha256"] == hashlib.sha256(labels).hexdigest()
    assert "*" in data["curves"]
