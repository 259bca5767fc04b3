"""The page's tone path (``tone.predict``, fast mode) gives the numbers of the plain
path: scikit-learn's own ``predict_proba`` on lemmas from pymorphy3 alone, then the
same temperature and brand-comment prior. What the fast path adds (the shipped lemma
table, ``model.inference``'s step-by-step arithmetic and char n-gram codes, the
per-text caches) may only be faster."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pytest

from model import inference, lemmas, tone, training

FIXTURES = Path(__file__).parent / "fixtures"


def _texts() -> list[str]:
    """The brand-comment fixtures, and 3,000 validation comments of the training data
    where it is here (never the held-out part)."""
    texts = []
    for name in ("tone_brand_comments.csv", "tone_kinds.csv"):
        with (FIXTURES / name).open(encoding="utf-8") as fh:
            texts += [row["text"] for row in csv.DictReader(fh)]
    root = training.shared_data_root()
    if root is not None:
        val = [e.text for e in training.standard_split(root)[3]]
        texts += random.Random(17).sample(val, 3000)
    return texts


def _clear_caches() -> None:
    for f in (lemmas.lemma, lemmas.word_lemmas, lemmas.table, tone.word_ngrams,
              tone.tone_terms, tone.lemma_ngrams):
        if hasattr(f, "cache_clear"):  # not the table replaced below
            f.cache_clear()


def test_fast_path_equals_the_plain_path(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    assert len(texts) > 400
    pipe, meta = tone.load_model()
    _clear_caches()
    temperature = float(meta.get("temperature", 1.0))
    got, fast = [], []
    for i in range(0, len(texts), 100):  # the page's batches
        batch = texts[i:i + 100]
        got += tone.predict(batch)
        fast.append(tone.with_prior(pipe.classes_, tone.with_temperature(
            inference.predict_proba(pipe, batch), temperature), batch))

    # The plain path: no lemma table, nothing cached, scikit-learn's transforms.
    monkeypatch.setattr(lemmas, "table", lambda: {})
    _clear_caches()
    try:
        probs = tone.with_prior(pipe.classes_, tone.with_temperature(
            pipe.predict_proba(texts), temperature), texts)
    finally:
        monkeypatch.undo()
        _clear_caches()
    want = [tone.scores_to_result(pipe.classes_, row) for row in probs]
    # float32 features summed in another order differ in the 7th digit
    np.testing.assert_allclose(np.concatenate(fast), probs, rtol=0, atol=1e-6)
    assert [r["label"] for r in got] == [r["label"] for r in want]
    for g, w in zip(got, want, strict=True):
        for label in tone.LABELS:
            # to 4 digits: one unit at most where the 7th digit moved a rounding
            assert abs(g["scores"][label] - w["scores"][label]) <= 1.0001e-4
    same = sum(g == w for g, w in zip(got, want, strict=True))
    assert same >= 0.995 * len(texts)
