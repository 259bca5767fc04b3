"""A team's tone model that adapts the shipped one instead of replacing it.

Sixty labelled comments are too few to learn Russian tone from scratch (a model trained
on them alone flipped a birthday greeting to negative), but enough to learn how a
team's comments differ from the shipped model's view. So the adapter is stacked on the
shipped model's scores: its features are the shipped model's log-probabilities plus
character n-grams of the team's own rows, and a logistic regression regularised toward
the shipped model (``TowardBaseRegression``) learns from those rows a bias per tone, the
team's phrasings, and, only when many rows insist, how much to trust the shipped
scores. With nothing to correct it reproduces the shipped model.

The artifact is a scikit-learn pipeline like any tone artifact, so ``model.tone.predict``
serves it; it names its base model by id (``ShippedToneScores.base_id``) rather than
holding a copy, and asks it through ``model.tone.predict`` (loaded once, shared with the
companion's own use of it).

Also here: ``sanity_rows()``, a small hand-written set of comments whose tone is not in
doubt (``model/data/tone_sanity.csv``, written for otklik, none from a corpus), which no
adapted model may do worse on than the model it replaces.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.linear_model import LogisticRegression

from model import tone
from model.inference import predict_proba

__all__ = [
    "SANITY_PATH",
    "TowardBaseRegression",
    "ShippedToneScores",
    "base_path",
    "build_adapter",
    "fold_weights",
    "predict_labels",
    "sanity_rows",
]

SANITY_PATH = Path(__file__).resolve().parent / "data" / "tone_sanity.csv"


@lru_cache(maxsize=1)
def _shipped_id() -> str:
    return str(tone.model_info()["id"])  # the shipped model does not change while we run


def base_path(base_id: str) -> Path:
    """The shipped artifact with id ``base_id``: ``model.tone.SHIPPED_PATH`` when that is
    the one shipped now, else a file of that name beside it (which may be gone)."""
    if base_id == _shipped_id():
        return tone.SHIPPED_PATH
    return tone.SHIPPED_PATH.parent / f"{base_id}.joblib"


class ShippedToneScores(BaseEstimator, TransformerMixin):
    """Pipeline step: the base model's log-probabilities, one column per tone label.

    ``base_id`` names a shipped artifact; ``model.tone.predict`` scores with it (scores
    rounded to 4 digits, floored at 1e-4 before the logarithm).
    """

    def __init__(self, base_id: str = "") -> None:
        self.base_id = base_id

    def fit(self, X: Any, y: Any = None) -> ShippedToneScores:  # noqa: N803 (sklearn naming)
        return self

    def transform(self, X: Any) -> np.ndarray:  # noqa: N803
        # Through model.tone's public predict, so whatever tone model is shipped (its
        # pipeline, its caches) is what the adapter stands on.
        results = tone.predict([t if isinstance(t, str) else "" for t in X],
                               base_path(self.base_id))
        probs = np.array([[r["scores"][c] for c in tone.LABELS] for r in results],
                         dtype=np.float64).reshape(-1, len(tone.LABELS))
        return np.log(np.clip(probs, 1e-4, 1.0))


class TowardBaseRegression(LogisticRegression):
    """A multinomial logistic regression regularised toward the base model, not toward 0.

    The first ``n_base`` columns are the base model's log-probabilities (one per class,
    in ``classes_`` order); the logits are
    ``logit_c = sum_j (I + D)_cj log p_base(j) + b_c + v_c · x_rest``. With no rows it
    is the base model. The rows learn a bias shift per class ``b`` (not penalised), a
    correction ``v`` from the other columns (the n-grams; L2 ``1/2 |v|²``) and, when
    ``base_penalty`` is a number, how far to move the base model's own weights from the
    identity (L2 ``base_penalty/2 |D|²``: strong, so few rows move them little and many
    rows can); ``None`` keeps them at the identity (a bias shift and the n-grams only).
    Each penalty is against ``C`` times the weighted log-loss, as scikit-learn's.

    The fitted ``coef_`` and ``intercept_`` are a plain ``LogisticRegression``'s, so
    inference (``model.inference``), pickling and ``fold_weights`` treat it as one.
    """

    def __init__(self, n_base: int = 3, C: float = 1.0, class_weight: Any = None,  # noqa: N803
                 base_penalty: float | None = 30.0, max_iter: int = 500,
                 random_state: Any = None) -> None:
        super().__init__(C=C, class_weight=class_weight, max_iter=max_iter,
                         random_state=random_state)
        self.n_base = n_base
        self.base_penalty = base_penalty

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> TowardBaseRegression:  # noqa: N803
        from scipy import sparse
        from scipy.optimize import minimize
        from scipy.special import log_softmax
        from sklearn.utils.class_weight import compute_sample_weight

        y = np.asarray(y)
        self.classes_ = np.unique(y)
        k = len(self.classes_)
        if k != self.n_base:
            raise ValueError(f"adapter: {k} tones among the rows, the base model has {self.n_base}")
        X = sparse.csr_matrix(X, dtype=np.float64)  # noqa: N806
        base, rest = X[:, :k].toarray(), X[:, k:]
        d = rest.shape[1]
        onehot = (y[:, None] == self.classes_[None, :]).astype(np.float64)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        if self.class_weight is not None:
            w = w * compute_sample_weight(self.class_weight, y)
        n_d = 0 if self.base_penalty is None else k * k
        lam = self.base_penalty or 0.0
        eye = np.eye(k)

        def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
            b, dd, v = theta[:k], theta[k:k + n_d].reshape(-1, k), theta[k + n_d:].reshape(k, d)
            scores = base @ (eye + dd).T if n_d else base
            logp = log_softmax(scores + b + rest @ v.T, axis=1)
            resid = (np.exp(logp) - onehot) * w[:, None]  # d(loss)/d(logits), weighted
            value = (-self.C * float((w[:, None] * onehot * logp).sum())
                     + 0.5 * float((v * v).sum()) + 0.5 * lam * float((dd * dd).sum()))
            grad = [self.C * resid.sum(axis=0)]
            if n_d:
                grad.append((self.C * resid.T @ base + lam * dd).ravel())
            grad.append((self.C * np.asarray(rest.T @ resid).T + v).ravel())
            return value, np.concatenate(grad)

        fit = minimize(loss, np.zeros(k + n_d + k * d), jac=True, method="L-BFGS-B",
                       options={"maxiter": self.max_iter})
        theta = fit.x
        self.intercept_ = theta[:k].copy()
        base_coef = eye + theta[k:k + n_d].reshape(k, k) if n_d else eye
        self.coef_ = np.hstack([base_coef, theta[k + n_d:].reshape(k, d)])
        self.n_iter_ = np.array([fit.nit])
        self.n_features_in_ = X.shape[1]
        return self


# How the adapter maps the base model's scores (docs/retraining.md has the figures):
# "toward_base": its weights learnt but held near the identity (TowardBaseRegression,
# base_penalty 30); "offset": kept at the identity, a bias shift per tone and the
# n-grams only; "learned": re-learnt freely from the rows (otklik 0.1's adapter: 60 rows
# a team labelled right moved it so far that the sanity set fell 0.854 -> 0.801).
MAPPINGS = ("toward_base", "offset", "learned")
BASE_PENALTY = 30.0


def build_adapter(base_id: str, *, seed: int = 13, mapping: str = "toward_base") -> Any:
    """An unfitted adapter pipeline: base scores + char n-grams -> logistic regression.

    The n-grams weigh a quarter of the base scores and are regularised (C=1); the base
    scores are mapped as ``mapping`` says (``MAPPINGS``), by default held near the
    identity, so a handful of rows nudges the shipped model rather than overruling it
    and many consistent rows can move it further.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline

    if mapping not in MAPPINGS:
        raise ValueError(f"adapter mapping must be one of {', '.join(MAPPINGS)}, not {mapping!r}")
    char = Pipeline([
        ("normalize", tone.Normalizer()),
        ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2,
                                  sublinear_tf=True, dtype=np.float64)),
    ])
    if mapping == "learned":
        clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000,
                                 random_state=seed)
    else:
        clf = TowardBaseRegression(
            len(tone.LABELS), C=1.0, class_weight="balanced", random_state=seed,
            base_penalty=BASE_PENALTY if mapping == "toward_base" else None)
    return Pipeline([
        ("features", FeatureUnion(
            [("base", ShippedToneScores(base_id)), ("char", char)],
            transformer_weights={"base": 1.0, "char": 0.25},
        )),
        ("clf", clf),
    ])


def fold_weights(pipe: Any) -> Any:
    """Move the feature union's weights into the regression's coefficients.

    The same probabilities (a weight times a column equals the column times a weighted
    coefficient), but a union without weights takes ``model.inference``'s fast path:
    26 -> 15 ms per 100 comments on the shared 2-core machine. Returns ``pipe``.
    """
    union, clf = pipe.steps[0][1], pipe.steps[-1][1]
    weights = union.transformer_weights or {}
    if not weights:
        return pipe
    start = 0
    coef = clf.coef_.copy()
    for name, part in union.transformer_list:
        width = len(tone.LABELS) if name == "base" else len(part.steps[-1][1].vocabulary_)
        coef[:, start:start + width] *= weights.get(name, 1.0)
        start += width
    if start != coef.shape[1]:
        raise ValueError("adapter: feature widths do not add up to the coefficients")
    clf.coef_ = coef
    union.transformer_weights = None
    return pipe


def predict_labels(pipe: Any, texts: list[str]) -> list[str]:
    """The most likely tone label of each text under a fitted tone pipeline, with the
    brand-comment prior that ``model.tone.predict`` applies to every model: the labels
    the companion would show, so a candidate and the model in use compare as used."""
    if not texts:
        return []
    probs = tone.with_prior(pipe.classes_, np.asarray(predict_proba(pipe, list(texts))),
                            list(texts))
    classes = np.asarray([str(c) for c in pipe.classes_])
    return list(classes[probs.argmax(axis=1)])


def sanity_rows() -> list[tuple[str, str]]:
    """``(text, label)`` of the bundled sanity set (75 comments, 25 per label)."""
    with open(SANITY_PATH, encoding="utf-8", newline="") as f:
        return [(r["text"], r["label"]) for r in csv.DictReader(f)]
