"""Tone of a comment: negative / neutral / positive, with calibrated probabilities.

The shipped artifact (``model/artifacts/tone_v1.joblib``) is a scikit-learn pipeline:
``Normalizer`` (``model.normalize``) -> union of character n-gram TF-IDF and lemma
uni/bigram TF-IDF -> a linear classifier calibrated with ``CalibratedClassifierCV``.
See ``docs/tone.md`` for the training data, its license and the evaluation table.

The classes that the pickle refers to live here (not in the training code), so that
loading an artifact needs only this module.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from sklearn.base import BaseEstimator, TransformerMixin

from model import artifacts
from model.inference import predict_proba
from model.lemmas import word_lemmas
from model.normalize import normalize

__all__ = [
    "LABELS",
    "PROTOCOL",
    "Normalizer",
    "SHIPPED_PATH",
    "lemma_ngrams",
    "load_model",
    "model_info",
    "predict",
    "scores_to_result",
]

LABELS = ("negative", "neutral", "positive")
PROTOCOL = 1
SHIPPED_PATH = Path(__file__).resolve().parent / "artifacts" / "tone_v1.joblib"

# Words that flip or weaken what follows; glued to the next lemma so that
# "не работать" is a feature of its own even when the bigram is pruned.
_NEGATIONS = frozenset({"не", "нет", "ни", "без", "никак"})


class Normalizer(BaseEstimator, TransformerMixin):
    """Pipeline step: ``model.normalize.normalize`` on every text."""

    def fit(self, X: Any, y: Any = None) -> Normalizer:  # noqa: N803 (sklearn naming)
        return self

    def transform(self, X: Any) -> list[str]:  # noqa: N803
        return [normalize(t if isinstance(t, str) else "") for t in X]


@lru_cache(maxsize=2048)  # the tone model, then persona's model, on the same text
def lemma_ngrams(text: str) -> tuple[str, ...]:
    """Word features of a normalised text: lemmas, lemma bigrams and negated lemmas."""
    lem = word_lemmas(text)[1]
    pairs = list(zip(lem, lem[1:], strict=False))
    return (
        *lem,
        *[f"{a} {b}" for a, b in pairs],
        *[f"не_{b}" for a, b in pairs if a in _NEGATIONS],
    )


_lock = threading.Lock()
_loaded: dict[Path, tuple[Any, dict[str, Any]]] = {}


def _resolve(model_path: Path | None) -> Path:
    return Path(model_path).resolve() if model_path is not None else SHIPPED_PATH


def load_model(model_path: Path | None = None) -> tuple[Any, dict[str, Any]]:
    """The pipeline and metadata at ``model_path`` (shipped one if None), loaded once."""
    path = _resolve(model_path)
    got = _loaded.get(path)
    if got is not None:
        return got
    with _lock:
        got = _loaded.get(path)
        if got is None:
            got = artifacts.load(path, protocol=PROTOCOL)
            _loaded[path] = got
        return got


def forget(model_path: Path | None = None) -> None:
    """Drop a cached model (after ``otklik train`` rewrote the file, for example)."""
    with _lock:
        _loaded.pop(_resolve(model_path), None)


def scores_to_result(classes: Any, probs: Any) -> dict[str, Any]:
    """One row of ``predict_proba`` as ``{"label", "scores"}``, rounded to sum exactly 1."""
    scores = {str(c): float(p) for c, p in zip(classes, probs, strict=True)}
    for label in LABELS:
        scores.setdefault(label, 0.0)
    best = max(LABELS, key=lambda c: scores[c])
    rounded = {c: round(scores[c], 4) for c in LABELS}
    rounded[best] = round(1.0 - sum(v for c, v in rounded.items() if c != best), 4)
    return {"label": best, "scores": rounded}


def predict(texts: list[str], model_path: Path | None = None) -> list[dict[str, Any]]:
    """Tone of each text, in order: ``{"label": ..., "scores": {"negative": p, ...}}``.

    Probabilities are calibrated, rounded to 4 digits and sum to 1.
    """
    if not texts:
        return []
    pipe, _meta = load_model(model_path)
    probs = predict_proba(pipe, list(texts))  # step by step: same numbers, less overhead
    return [scores_to_result(pipe.classes_, row) for row in probs]


def model_info(model_path: Path | None = None) -> dict[str, Any]:
    """What ``otklik status`` and ``/health`` show, read from the meta file only."""
    meta = artifacts.read_meta(_resolve(model_path))
    return {
        "id": meta["id"],
        "version": meta.get("version"),
        "trained_on": [d["name"] for d in meta["training_data"]],
        "license": meta["license"],
        "metrics": meta["metrics"],
    }
