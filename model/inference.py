"""Fitted scikit-learn pipelines applied step by step, for batches of a hundred comments.

The arithmetic is scikit-learn's; what is left out is its per-call machinery (fitted
checks, input validation, metadata routing, copies of the matrix), which on a batch
of 100 comments cost more than the arithmetic. Tests hold every path equal to the
pipeline's own ``predict_proba`` (``tests/test_inference.py``).

- ``TfidfVectorizer`` with a callable analyzer: the analyzer's tokens (cached by the
  models) counted against the vocabulary in C;
- ``TfidfVectorizer(analyzer="char_wb")``: the n-grams of a word depend on the word
  alone, so each word's vocabulary columns are computed once and kept (comments
  repeat their words all day); a document's counts are the sum over its words. The
  words not kept yet are looked up all at once, their n-grams as integer codes in
  the vocabulary's sorted codes (``_CharCodes``): a word by word lookup of each
  n-gram string cost ~11 µs a word, a third of a batch of fresh comments;
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

# Words per vectorizer whose n-gram columns are kept (about 250 bytes each); cleared
# when full. Comments' words follow Zipf's law: 40,000 cover nearly all of them, and
# a word missing costs ~1 µs since ``_CharCodes`` (60,000 were kept when it cost 11).
_WORD_CACHE_LIMIT = 40_000


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


class _CharCodes:
    """A char_wb vocabulary as integer codes, to find many words' n-grams at once.

    Each character of the vocabulary's terms gets a digit 1..K (0: a character no term
    has) and an n-gram the number ``sum(digit_j * (K + 1) ** j)``: one number per
    string (every digit of a term is at least 1, so lengths cannot collide), as long
    as ``(K + 1) ** max_n`` fits in 63 bits (``fits``). The vocabulary's codes are
    sorted, so a batch of words' n-grams is looked up by ``np.searchsorted``, in C.
    """

    def __init__(self, vec: Any) -> None:
        vocab = vec.vocabulary_
        self.min_n, self.max_n = vec.ngram_range
        terms = list(vocab)
        chars = self._chars("".join(terms))
        alphabet = np.flatnonzero(np.bincount(chars))  # code points the terms use
        self.base = len(alphabet) + 1
        self.fits = bool(terms) and self.base ** self.max_n < 2 ** 63
        if not self.fits:
            return
        # code point -> digit, by a table up to the largest code point of the
        # vocabulary (its last entry, 0, for every code point above)
        self.digit_of = np.zeros(alphabet[-1] + 2 if len(alphabet) else 1, dtype=np.uint16)
        self.digit_of[alphabet] = np.arange(1, self.base)
        lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
        starts = np.cumsum(lengths) - lengths
        digits = self._digits(chars)
        code = np.zeros(len(terms), dtype=np.int64)
        for j in range(int(lengths.max(initial=0))):
            has = lengths > j  # the j-th character of every term that has one
            code[has] += digits[starts[has] + j] * self.base ** j
        order = np.argsort(code)
        self.codes = code[order]
        self.columns = np.fromiter(vocab.values(), dtype=np.int32, count=len(terms))[order]

    @staticmethod
    def _chars(text: str) -> np.ndarray:
        """The code points of ``text`` (uint32)."""
        return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)

    def _digits(self, chars: np.ndarray) -> np.ndarray:
        """Each code point's digit (int64), 0 for one outside the alphabet."""
        return self.digit_of[np.minimum(chars, len(self.digit_of) - 1)].astype(np.int64)

    def word_columns(self, words: list[str]) -> list[bytes]:
        """For each word, its char_wb n-grams' vocabulary columns (int32 bytes, in no
        particular order), as sklearn's ``_char_wb_ngrams`` makes them: the word padded
        with a space on each side, n-grams of every n within the padded word, a padded
        word shorter than ``min_n`` counted once as a whole."""
        if not words:
            return []
        sizes = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
        digits = self._digits(self._chars(" " + "  ".join(words) + " "))  # padded, in a row
        size = len(digits)
        word_of = np.repeat(np.arange(len(words)), sizes)  # position -> its padded word
        unknown = np.concatenate(([0], np.cumsum(digits == 0)))
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        hits, owners = [], []
        code = digits
        for n in range(1, min(self.max_n, size) + 1):
            if n > 1:
                # code[p]: the n-gram at p; it lies in one padded word and its
                # characters are all in the alphabet, or it is no term
                code = code[:size - n + 1] + digits[n - 1:] * self.base ** (n - 1)
            if n < self.min_n:
                at = starts[sizes == n]  # whole padded words shorter than min_n
                at = at[unknown[at + n] == unknown[at]]
            else:
                at = np.flatnonzero((word_of[:size - n + 1] == word_of[n - 1:])
                                    & (unknown[n:] == unknown[:size - n + 1]))
            if not len(at):
                continue
            c = code[at]
            j = np.minimum(np.searchsorted(self.codes, c), len(self.codes) - 1)
            found = self.codes[j] == c
            hits.append(self.columns[j[found]])
            owners.append(word_of[at[found]])
        if not hits:
            return [b""] * len(words)
        owner = np.concatenate(owners)
        order = np.argsort(owner, kind="stable")
        data = np.concatenate(hits)[order].tobytes()  # int32
        ends = np.cumsum(np.bincount(owner, minlength=len(words))) * 4
        return [data[a:b] for a, b in zip([0, *ends[:-1].tolist()], ends.tolist(), strict=True)]


def _char_wb_columns(vec: Any) -> Any:
    """words -> each one's char_wb n-grams' vocabulary columns (int32 bytes), with a
    cache of words per vectorizer: comments repeat their words all day."""
    cache = vec.__dict__.get("_otklik_word_columns")
    if cache is None or len(cache) > _WORD_CACHE_LIMIT:
        cache = {}
        vec.__dict__["_otklik_word_columns"] = cache
    codes = vec.__dict__.get("_otklik_char_codes")
    if codes is None:
        codes = vec.__dict__["_otklik_char_codes"] = _CharCodes(vec)
    vocab = vec.vocabulary_  # plain ints once loaded (model.artifacts.load)
    min_n, max_n = vec.ngram_range

    def one(word: str) -> bytes:
        # sklearn's _char_wb_ngrams for one word, for alphabets too large for codes
        w = f" {word} "
        size = len(w)
        grams = [w[i:i + n] for n in range(min_n, min(max_n, size) + 1)
                 for i in range(size - n + 1)]
        if size < min_n:
            grams = [w]
        return np.fromiter(filter(_known, map(vocab.get, grams)), dtype=np.int32).tobytes()

    def columns(words: list[str]) -> list[bytes]:
        missing = [w for w in dict.fromkeys(words) if w not in cache]
        if missing:
            # int32 column numbers as bytes: a third of a numpy array's memory
            cache.update(zip(missing, codes.word_columns(missing) if codes.fits
                             else map(one, missing), strict=True))
        return list(map(cache.__getitem__, words))

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
    """Term counts of ``docs``: the columns of their words, summed by scipy."""
    lower = vec.lowercase
    words: list[str] = []
    counts = []
    for doc in docs:
        ws = (doc.lower() if lower else doc).split()
        words += ws
        counts.append(len(ws))
    parts = _char_wb_columns(vec)(words)
    n = len(docs)
    col = np.frombuffer(b"".join(parts), dtype=np.int32)
    # each column's document: each word's document, repeated once per column of the word
    row = np.repeat(np.repeat(np.arange(n, dtype=np.int32), counts),
                    np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) // 4)
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
