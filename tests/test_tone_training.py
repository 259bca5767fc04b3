"""Training on users' own labelled comments, end to end on a tiny dataset."""

from __future__ import annotations

import csv
import itertools

import pytest

from model import artifacts
from model.tone import LABELS, PROTOCOL, model_info, predict
from model.training import read_labelled_csv, train_tone_from_csv, train_tone_from_rows

SUBJECTS = ["интернет", "мастер", "приложение", "доставка", "тариф", "оператор",
            "роутер", "курьер", "поддержка", "связь"]
PATTERNS = {
    "positive": ["{s} просто супер, спасибо!", "Очень довольна, {s} отличный)))",
    "Класс, {s} работает быстро, благодарю"],
    "negative": ["{s} опять не работает, ужас((", "Позор, {s} хуже некуда!!!",
                 "Сколько можно, {s} отвратительный"],
    "neutral": ["Подскажите, где узнать про {s}?", "Как поменять {s} в личном кабинете",
                "Во сколько завтра {s}?"],
}


def _rows() -> list[tuple[str, str]]:
    rows = []
    for label, patterns in PATTERNS.items():
        for p, s, n in itertools.product(patterns, SUBJECTS, range(3)):
            rows.append((p.format(s=s) + (" " + "!" * n if n else ""), label))
    return rows  # 270 rows, 90 per label


def _write(path, rows, header=("text", "label")) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def test_train_from_csv_then_predict(tmp_path) -> None:
    data = tmp_path / "mine.csv"
    _write(data, _rows())
    out = tmp_path / "models" / "tone_custom.joblib"
    meta = train_tone_from_csv(data, out, base="none", seed=13)

    assert out.exists() and artifacts.meta_path(out).exists()
    assert meta["id"] == "tone_custom" and meta["protocol"] == PROTOCOL
    assert meta["training_data"][-1]["name"] == "mine.csv"
    assert meta["training_data"][-1]["sha256"] == artifacts.file_sha256(data)
    assert "user" in meta["license"]
    holdout = meta["metrics"]["user_holdout"]
    assert holdout["n"] > 0 and holdout["macro_f1"] > 0.8

    info = model_info(out)
    assert info["id"] == "tone_custom" and info["trained_on"] == ["mine.csv"]
    res = predict(["Мастер отличный, спасибо!", "Связь опять не работает, позор!!!",
                   "Подскажите, где узнать про тариф?"], model_path=out)
    assert [r["label"] for r in res] == ["positive", "negative", "neutral"]
    assert all(set(r["scores"]) == set(LABELS) for r in res)


def test_train_from_rows_with_extra_corrections(tmp_path) -> None:
    data = tmp_path / "mine.csv"
    _write(data, _rows())
    extra = [("Роутер сгорел через день", "negative")] * 3
    meta = train_tone_from_csv(data, tmp_path / "t.joblib", base="none", extra=extra)
    assert meta["training_data"][-1]["rows"] == 270 + 3

    # 54 rows, but "x" and "x !" are one text once normalised: under 50 distinct, too few to
    # hold any out, so the model is trained and the meta says it was not measured.
    small = [(t, lab) for t, lab in _rows() if "интернет" in t or "мастер" in t]
    meta = train_tone_from_rows(small, tmp_path / "small.joblib", base="none")
    assert meta["training_data"][-1]["rows_deduplicated"] < 50
    assert meta["metrics"] == {}
    assert "fewer than 50" in " ".join(meta["notes"])
    assert predict(["мастер просто супер, спасибо!"], model_path=tmp_path / "small.joblib")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("words,label\nпривет,neutral\n", "line 1: the header"),
        ("text,label\nхорошо,positive\nплохо,bad\n", "line 3: label 'bad'"),
        ("text,label\nхорошо,positive\n ,negative\n", "line 3: empty text"),
    ],
)
def test_bad_csv_names_the_line(tmp_path, content: str, message: str) -> None:
    data = tmp_path / "bad.csv"
    data.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_labelled_csv(data)


def test_too_few_examples_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ValueError, match="at least two labels"):
        train_tone_from_rows([("хорошо", "positive")] * 10, tmp_path / "x.joblib", base="none")
    rows = [(f"хорошо {i}", "positive") for i in range(10)] + [("плохо", "negative")]
    with pytest.raises(ValueError, match="at least 5"):
        train_tone_from_rows(rows, tmp_path / "x.joblib", base="none")
    with pytest.raises(ValueError, match="base"):
        train_tone_from_rows(rows, tmp_path / "x.joblib", base="mine")
