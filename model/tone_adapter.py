"""A team's tone model that adapts the shipped one instead of replacing it.

Sixty labelled comments are too few to learn Russian tone from scratch (a model trained
on them alone flipped a birthday greeting to negative), but enough to learn how a
team's comments differ from the shipped model's view. So the adapter is stacked on the
shipped model's scores: its features are the shipped model's log-probabilities plus
character n-grams of the team's own rows, and a logistic regression learns from those
rows how much to trust each. With nothing to correct it reproduces the shipped model.

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

from model import tone
from model.inference import predict_proba

__all__ = [
    "SANITY_PATH",
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


def build_adapter(base_id: str, *, seed: int = 13) -> Any:
    """An unfitted adapter pipeline: base scores + char n-grams -> logistic regression.

    The n-grams weigh a quarter of the base scores, and the regression is regularised
    (C=1), so a handful of rows nudges the shipped model rather than overruling it.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    char = Pipeline([
        ("normalize", tone.Normalizer()),
        ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2,
                                  sublinear_tf=True, dtype=np.float64)),
    ])
    return Pipeline([
        ("features", FeatureUnion(
            [("base", ShippedToneScores(base_id)), ("char", char)],
            transformer_weights={"base": 1.0, "char": 0.25},
        )),
        ("clf", LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000,
                                   random_state=seed)),
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
    """The most likely tone label of each text under a fitted tone pipeline."""
    if not texts:
        return []
    probs = np.asarray(predict_proba(pipe, list(texts)))
    classes = np.asarray([str(c) for c in pipe.classes_])
    return list(classes[probs.argmax(axis=1)])


def sanity_rows() -> list[tuple[str, str]]:
    """``(text, label)`` of the bundled sanity set (75 comments, 25 per label)."""
    with open(SANITY_PATH, encoding="utf-8", newline="") as f:
        return [(r["text"], r["label"]) for r in csv.DictReader(f)]
