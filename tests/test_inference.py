"""model.inference applies fitted pipelines step by step: same numbers as scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from model import artifacts, inference, persona, tone

TEXTS = [
    "Спасибо огромное, всё работает!",
    "Третий день нет интернета, позор!!! нет нет НЕТ",
    "",
    "   ",
    "я",
    "[id123|Анна], мастер придёт завтра с 10 до 14)",
    "роутер мигает красным, пинг 300, потери пакетов, PPPoE не поднимается",
    "ВЫ ИЗДЕВАЕТЕСЬ?!\tСколько\n\nможно ждать :(((",
    "qwxz zzzzzzzzzzzzzzzzzzzz",
    # characters no fitted term has, a lone surrogate, emoji, a one-letter word
    "Ёлки 😡😡 \ud800 ß İ ﬁ ٣ я a",
]


def _dense(m) -> np.ndarray:
    return np.asarray(m.todense())


@pytest.mark.parametrize(
    "params",
    [
        {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True},
        {"analyzer": "char_wb", "ngram_range": (1, 3), "dtype": np.float32},
        {"analyzer": "char_wb", "ngram_range": (3, 6), "lowercase": False},
        # padded words shorter than min_n ("я" -> " я ") are one n-gram, the whole word
        {"analyzer": "char_wb", "ngram_range": (4, 6)},
        {"analyzer": "char_wb", "ngram_range": (5, 7), "lowercase": False},
        {"analyzer": tone.lemma_ngrams, "sublinear_tf": True},
    ],
)
def test_tfidf_equals_sklearn(params: dict) -> None:
    vec = TfidfVectorizer(**params).fit(TEXTS[:6])
    for docs in (TEXTS, TEXTS[::-1], [""], ["a"], ["", " ", "я"]):
        fast = inference.tfidf_transform(vec, docs)
        np.testing.assert_allclose(_dense(fast), _dense(vec.transform(docs)), rtol=1e-6, atol=1e-7)
        assert fast.dtype == vec.dtype


def test_char_wb_alphabet_too_large_for_codes_is_counted_word_by_word() -> None:
    """1,500 distinct characters: (1,501) ** 6 n-gram codes overflow 63 bits, so each
    new word's n-grams are looked up one by one; the same numbers either way."""
    chars = [chr(0x4E00 + i) for i in range(1500)]
    docs = [" ".join(chars[i:i + 30]) + " " + "".join(chars[i:i + 7]) for i in range(0, 1500, 30)]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 6)).fit(docs)
    assert not inference._CharCodes(vec).fits
    small = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 6)).fit(TEXTS)
    assert inference._CharCodes(small).fits
    for v in (vec, small):
        for batch in (docs + TEXTS, TEXTS):
            np.testing.assert_allclose(_dense(inference.tfidf_transform(v, batch)),
                                       _dense(v.transform(batch)), rtol=1e-6, atol=1e-7)


def test_char_wb_codes_equal_word_by_word_on_the_tone_models_vocabulary() -> None:
    """Every word of the brand-comment fixtures: its n-gram columns by codes are the
    ones its n-grams look up one by one (as sklearn's ``_char_wb_ngrams`` makes them)."""
    import csv
    from pathlib import Path

    from model.normalize import normalize

    vec = dict(tone.load_model()[0].steps[-2][1].transformer_list)["char"]
    codes = inference._CharCodes(vec)
    assert codes.fits
    fixture = Path(__file__).parent / "fixtures" / "tone_brand_comments.csv"
    with fixture.open(encoding="utf-8") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)] + TEXTS
    words = list(dict.fromkeys(w for t in texts for w in normalize(t).lower().split()))
    assert len(words) > 1000
    analyzer = vec.build_analyzer()
    for word, got in zip(words, codes.word_columns(words), strict=True):
        want = sorted(vec.vocabulary_[g] for g in analyzer(word) if g in vec.vocabulary_)
        assert sorted(np.frombuffer(got, dtype=np.int32).tolist()) == want, word


def test_other_vectorizers_fall_back_to_sklearn() -> None:
    vec = TfidfVectorizer(analyzer="word", binary=True).fit(TEXTS)
    assert inference._fast_tfidf(vec) is None
    np.testing.assert_array_equal(
        _dense(inference.tfidf_transform(vec, TEXTS)), _dense(vec.transform(TEXTS))
    )


def test_tone_pipeline_equals_predict_proba() -> None:
    pipe, _ = tone.load_model()
    clf = pipe.steps[-1][1]
    # the step-by-step path is taken: a plain multinomial regression (tone_v2) or a
    # sigmoid-calibrated one (tone_v1), after a feature union without weights
    assert isinstance(clf, LogisticRegression) or inference._plain_calibrated(clf)
    assert not pipe.steps[-2][1].transformer_weights
    np.testing.assert_allclose(
        inference.predict_proba(pipe, TEXTS), pipe.predict_proba(TEXTS),
        rtol=0, atol=1e-6,  # float32 features: sums in another order differ in the 7th digit
    )


def test_persona_pipeline_equals_predict_proba() -> None:
    loaded = persona._load_model()
    assert loaded is not None, persona.model_info().get("model_error")
    pipeline = loaded[0]["pipeline"]
    np.testing.assert_allclose(
        inference.predict_proba(pipeline, TEXTS), pipeline.predict_proba(TEXTS),
        rtol=0, atol=1e-12,
    )


def test_saved_artifacts_have_plain_vocabularies_and_no_caches(tmp_path) -> None:
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)).fit(TEXTS)
    inference.tfidf_transform(vec, TEXTS)  # fills the word cache
    assert "_otklik_word_columns" in vec.__dict__
    meta = {k: "x" for k in artifacts.REQUIRED_META if k != "sklearn_version"}
    meta["protocol"] = 1
    artifacts.save({"pipeline": vec}, tmp_path / "v.joblib", meta)
    import joblib

    loaded = joblib.load(tmp_path / "v.joblib")["pipeline"]
    assert {type(j) for j in loaded.vocabulary_.values()} == {int}
    assert not [k for k in loaded.__dict__ if k.startswith("_otklik_")]
    np.testing.assert_allclose(_dense(loaded.transform(TEXTS)), _dense(vec.transform(TEXTS)))


def test_lemma_vocabularies_and_lemmas_are_interned() -> None:
    """Lookups of lemmas in the loaded vocabularies match by identity (a speed-up that
    silently disappears if either side stops interning)."""
    import sys

    from model.lemmas import word_lemmas

    vec = persona._load_model()[0]["pipeline"].steps[0][1].transformer_list[0][1]
    term = next(iter(vec.vocabulary_))
    assert sys.intern(term) is term
    lemma = word_lemmas("Роутер опять не работает")[1][0]
    assert lemma in vec.vocabulary_ and sys.intern(lemma) is lemma
