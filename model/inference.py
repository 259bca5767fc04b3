"""Fitted scikit-learn pipelines applied step by step, for batches of a hundred comments.

The arithmetic is scikit-learn's; what is left out is its per-call machinery (fitted
checks, input validation, metadata routing, copies of the matrix), which on a batch
of 100 comments cost more than the arithmetic. Tests hold every path equal to the
pipeline's own ``predict_proba`` (``tests/test_inference.py``).

- ``TfidfVectorizer`` with a callable analyzer: the analyzer's tokens (cached by the
  models) counted against the vocabulary in C;
- ``TfidfVectorizer(analyzer="char_wb")``: the n-grams of a word depend on the word
  alone, so each word's vocabulary columns are computed once and kept (comments
  repeat their words all day); a document's counts are the sum over its words;
- ``FeatureUnion`` followed by a multi-class ``LogisticRegression``: each part's
  matrix times its own block of the coefficients, no stacking;
- the same under a sigmoid ``CalibratedClassifierCV`` (the tone model): the union's
  parts computed once, each calibrated classifier's decision function as above, then
  Platt's sigmoid per class and the row normalisation, as scikit-learn does them (a
  single draft checked while typing: 1.5 ms of the call was scikit-learn's checks);
- anything else: the step's own ``transform``.
"""

from __future__ import annotations

from functools import partial
from operator import is_not
from typing import Any

import numpy as np
from scipy import sparse

__all__ = ["predict_proba", "tfidf_transform", "transform"]

# Words per vectorizer whose n-gram columns are kept (about 150 bytes each); cleared
# when full. Comments' words follow Zipf's law: 60,000 cover nearly all of them.
_WORD_CACHE_LIMIT = 60_000


def _fast_tfidf(step: Any) -> str | None:
    """'callable' or 'char_wb' when ``tfidf_transform`` reproduces ``step.transform``."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not (
        isinstance(step, TfidfVectorizer) and step.input == "content" and not step.binary
        and step.norm == "l2" and step.use_idf and step.decode_error == "strict"
    ):
        return None
    if callable(step.analyzer):
        return "callable"
    if (
        step.analyzer == "char_wb" and step.preprocessor is None
        and step.strip_accents is None
    ):
        return "char_wb"
    return None


_known = partial(is_not, None)  # a filter in C: tokens outside the vocabulary map to None


def _char_wb_columns(vec: Any) -> Any:
    """word -> its char_wb n-grams' vocabulary columns, one cache per vectorizer."""
    cache = vec.__dict__.get("_otklik_word_columns")
    if cache is None or len(cache) > _WORD_CACHE_LIMIT:
        cache = {}
        vec.__dict__["_otklik_word_columns"] = cache
    vocab = vec.vocabulary_  # plain ints once loaded (model.artifacts.load)
    min_n, max_n = vec.ngram_range

    def columns(word: str) -> bytes:
        got = cache.get(word)
        if got is None:
            # sklearn's _char_wb_ngrams for one word: padded with spaces, a word
            # shorter than n counted once.
            w = f" {word} "
            size = len(w)
            grams = [w[i:i + n] for n in range(min_n, min(max_n, size) + 1)
                     for i in range(size - n + 1)]
            if size < min_n:
                grams = [w]
            # int32 column numbers as bytes: a third of a numpy array's memory
            got = np.fromiter(filter(_known, map(vocab.get, grams)), dtype=np.int32).tobytes()
            cache[word] = got
        return got

    return columns


def _counts_callable(vec: Any, docs: list[str]) -> Any:
    """Term counts of ``docs`` by the vectorizer's own (callable) analyzer."""
    get = vec.vocabulary_.get
    analyzer = vec.analyzer
    indptr, indices = [0], []
    for doc in docs:
        # Column numbers in C, tokens outside the vocabulary dropped; scipy sums the
        # repeats below (half the time of a Counter per document).
        indices += filter(_known, map(get, analyzer(doc)))
        indptr.append(len(indices))
    X = sparse.csr_matrix(  # noqa: N806
        (np.ones(len(indices), dtype=vec.dtype), np.asarray(indices, dtype=np.int32),
         np.asarray(indptr, dtype=np.int32)),
        shape=(len(docs), len(vec.vocabulary_)),
    )
    X.sum_duplicates()
    return X


def _counts_char_wb(vec: Any, docs: list[str]) -> Any:
    """Term counts of ``docs``: the cached columns of their words, summed by scipy."""
    columns = _char_wb_columns(vec)
    lower = vec.lowercase
    parts: list[bytes] = []
    sizes = []
    for doc in docs:
        cols = list(map(columns, (doc.lower() if lower else doc).split()))
        parts += cols
        sizes.append(sum(map(len, cols)) // 4)
    n = len(docs)
    col = np.frombuffer(b"".join(parts), dtype=np.int32)
    row = np.repeat(np.arange(n, dtype=np.int32), sizes)
    X = sparse.csr_matrix(  # noqa: N806 - duplicates (a repeated n-gram) are summed
        (np.ones(len(col), dtype=vec.dtype), (row, col)), shape=(n, len(vec.vocabulary_))
    )
    X.sum_duplicates()
    return X


def tfidf_transform(vec: Any, docs: list[str]) -> Any:
    """``vec.transform(docs)`` for the vectorizers ``_fast_tfidf`` accepts."""
    kind = _fast_tfidf(vec)
    if kind is None:
        return vec.transform(docs)
    X = _counts_callable(vec, docs) if kind == "callable" else _counts_char_wb(vec, docs)  # noqa: N806
    data = X.data
    if vec.sublinear_tf:
        np.log(data, out=data)
        data += 1.0
    data *= vec.idf_[X.indices]
    n = X.shape[0]
    row_ids = np.repeat(np.arange(n), np.diff(X.indptr))
    norms = np.sqrt(np.bincount(row_ids, weights=data * data, minlength=n)).astype(data.dtype)
    norms[norms == 0.0] = 1.0
    data /= norms[row_ids]
    return X


def transform(step: Any, X: Any) -> Any:  # noqa: N803 - scikit-learn's names
    """``step.transform(X)`` for a fitted step, by the fast paths above where they apply."""
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import StandardScaler

    if isinstance(step, FeatureUnion) and not step.transformer_weights:
        return sparse.hstack([transform(t, X) for _, t in step.transformer_list], format="csr")
    if isinstance(step, Pipeline):
        for _, inner in step.steps:
            X = transform(inner, X)  # noqa: N806
        return X
    if _fast_tfidf(step):
        return tfidf_transform(step, X)
    if isinstance(step, StandardScaler) and not sparse.issparse(X):
        X = np.array(X, dtype=np.float64)  # noqa: N806 - a copy, as transform makes
        if step.with_mean:
            X -= step.mean_
        if step.with_std:
            X /= step.scale_
        return X
    return step.transform(X)


def _union_decision(union: Any, clf: Any, X: Any, parts: list | None = None) -> Any:  # noqa: N803
    """``clf.decision_function(union.transform(X))`` without stacking the parts
    (``parts``: the union's transformed parts, when already computed)."""
    if parts is None:
        parts = [transform(part, X) for _, part in union.transformer_list]
    out = clf.intercept_.copy()
    start = 0
    for Xp in parts:  # noqa: N806
        stop = start + Xp.shape[1]
        out = out + Xp @ clf.coef_[:, start:stop].T
        start = stop
    if start != clf.coef_.shape[1]:
        raise ValueError("feature union and classifier disagree on the number of features")
    return np.asarray(out)


def _plain_calibrated(clf: Any) -> bool:
    """A sigmoid ``CalibratedClassifierCV`` over multi-class logistic regressions whose
    classes are the calibrated ones, in order: what ``_calibrated_proba`` reproduces."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    if not isinstance(clf, CalibratedClassifierCV) or len(clf.classes_) < 3:
        return False
    return all(
        cc.method == "sigmoid" and isinstance(cc.estimator, LogisticRegression)
        and np.array_equal(cc.estimator.classes_, clf.classes_)
        and len(cc.calibrators) == len(clf.classes_)
        for cc in clf.calibrated_classifiers_
    )


def _calibrated_proba(union: Any, clf: Any, X: Any) -> Any:  # noqa: N803
    """``CalibratedClassifierCV.predict_proba`` (sigmoid, multi-class) step by step."""
    from scipy.special import expit

    parts = [transform(part, X) for _, part in union.transformer_list]
    n_classes = len(clf.classes_)
    mean = None
    for cc in clf.calibrated_classifiers_:
        decision = _union_decision(union, cc.estimator, X, parts)
        proba = np.empty((decision.shape[0], n_classes))
        for i, calibrator in enumerate(cc.calibrators):
            proba[:, i] = expit(-(calibrator.a_ * decision[:, i] + calibrator.b_))
        denominator = proba.sum(axis=1)[:, np.newaxis]
        proba = np.divide(proba, denominator, out=np.full_like(proba, 1 / n_classes),
                          where=denominator != 0)
        proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
        mean = proba if mean is None else mean + proba
    return mean / len(clf.calibrated_classifiers_)


def predict_proba(pipeline: Any, texts: list[str]) -> Any:
    """``pipeline.predict_proba(texts)``, step by step (same arithmetic, less overhead)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion
    from sklearn.utils.extmath import softmax

    *steps, (_, clf) = pipeline.steps
    X = texts  # noqa: N806
    for _, step in steps[:-1]:
        X = transform(step, X)  # noqa: N806
    last = steps[-1][1] if steps else None
    plain_union = isinstance(last, FeatureUnion) and not last.transformer_weights
    if isinstance(clf, LogisticRegression) and len(clf.classes_) > 2 and plain_union:
        return softmax(_union_decision(last, clf, X), copy=False)
    if plain_union and _plain_calibrated(clf):
        return _calibrated_proba(last, clf, X)
    if last is not None:
        X = transform(last, X)  # noqa: N806
    return clf.predict_proba(X)
