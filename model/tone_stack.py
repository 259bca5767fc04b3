"""Stacked tone classifier: one logistic regression per kind of feature, combined by a
small meta-regression on their out-of-fold log-probabilities.

One regression over every feature at once lets the many character n-grams drown the
few cue and lemma terms (and, in accurate mode, the dense sentence embeddings, whose
scale differs from TF-IDF's). Here each block (character n-grams, word n-grams, lemma
and cue terms, a sentence encoder) gets its own regression with its own
regularisation; the meta-regression learns how far to trust each block from
probabilities the block produced for rows it was not fit on (``cv`` folds of the
training rows), so it does not learn to trust a block that merely memorised its rows.
Validation figures: docs/tone.md ("What was tried").

The pickle of a tone artifact refers to this class, so it lives in the package, not
in the training code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.extmath import softmax

__all__ = ["StackedTone"]

# Log-probabilities are clipped here: a block certain of a wrong label must not hand
# the meta-regression an infinite feature.
_FLOOR = 1e-6


class StackedTone(BaseEstimator, ClassifierMixin):
    """A classifier over texts (or normalised texts): ``blocks`` of (name, transformer,
    C); each transformer's features feed a multinomial logistic regression (balanced
    class weights, regularisation C); a meta logistic regression (``meta_c``) reads the
    blocks' log-probabilities, learnt out of fold (``cv`` stratified folds, ``seed``).

    ``predict_proba`` returns an array of shape ``(n_texts, n_classes)``, columns in
    ``classes_`` order. Transformers are applied with ``model.inference.transform``
    (the fast paths for TF-IDF), so a batch of 100 comments costs the blocks' features
    and one more small product per block.
    """

    def __init__(self, blocks: Sequence[tuple[str, Any, float]] = (), *, meta_c: float = 1.0,
                 cv: int = 4, seed: int = 13, max_iter: int = 3000) -> None:
        self.blocks = blocks
        self.meta_c = meta_c
        self.cv = cv
        self.seed = seed
        self.max_iter = max_iter

    def _regression(self, c: float) -> LogisticRegression:
        return LogisticRegression(C=c, class_weight="balanced", max_iter=self.max_iter,
                                  random_state=self.seed)

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> StackedTone:  # noqa: N803
        y = np.asarray(y)
        w = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.classes_ = np.unique(y)
        folds = list(StratifiedKFold(self.cv, shuffle=True, random_state=self.seed)
                     .split(np.zeros(len(y)), y))
        self.transformers_, self.regressions_ = [], []
        out_of_fold = []
        for _name, transformer, c in self.blocks:
            t = clone(transformer)
            features = t.fit_transform(X, y)
            oof = np.zeros((len(y), len(self.classes_)))
            for train, test in folds:
                reg = self._regression(c).fit(
                    features[train], y[train], sample_weight=None if w is None else w[train])
                oof[test] = reg.predict_proba(features[test])
            self.transformers_.append(t)
            self.regressions_.append(self._regression(c).fit(features, y, sample_weight=w))
            out_of_fold.append(oof)
        self.meta_ = self._regression(self.meta_c).fit(self._meta_features(out_of_fold), y,
                                                       sample_weight=w)
        return self

    @staticmethod
    def _meta_features(probas: list[np.ndarray]) -> np.ndarray:
        return np.hstack([np.log(np.clip(p, _FLOOR, 1.0)) for p in probas])

    def block_probas(self, X: Any) -> list[np.ndarray]:  # noqa: N803
        """Each block's probabilities, in ``blocks`` order (for evaluation)."""
        from model.inference import transform

        out = []
        for t, reg in zip(self.transformers_, self.regressions_, strict=True):
            features = transform(t, X)
            # LogisticRegression.predict_proba without its per-call checks
            out.append(softmax(np.asarray(features @ reg.coef_.T + reg.intercept_),
                               copy=False))
        return out

    def predict_proba(self, X: Any) -> np.ndarray:  # noqa: N803
        z = self._meta_features(self.block_probas(X))
        return softmax(z @ self.meta_.coef_.T + self.meta_.intercept_, copy=False)

    def predict(self, X: Any) -> np.ndarray:  # noqa: N803
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
