"""Persona hints: which of the playbook's five customer types wrote a comment, and how to answer.

For each comment the hint says ``label`` (unsure, talker, positive, aggressor,
expert, or none), ``confidence``, ``signals`` (why, in a few words), ``behaviour``
(what the brand does), three ``phrasings`` drawn from a larger pool, and
``author_role`` (``customer``, or ``brand`` for the brand's own reply: no persona).

How the label is chosen (details in ``docs/persona.md``)::

    candidates = personas whose rule evidence >= GATE   # positive evidence of its kind
    score[p]   = W_RULES * squash(rule evidence[p] incl. the author's thread behaviour)
               + W_MODEL * P_model(p | text)        # weak-label scikit-learn model
               + tone nudge                          # optional tone results of the caller
    label      = the candidate with the best score, or "none" without a candidate
    confidence = calibrated(score, label)            # share of such hints found right
    label      = "none" where confidence < MIN_CONFIDENCE   # such hints were never right

The guidance (behaviour and phrasings, RU and EN) lives in ``model/data/personas.json``;
a trainer's file of the same shape overrides it persona by persona, key by key.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from . import artifacts
from .gratitude import has_trigger
from .guidance_files import read_json, version
from .inference import predict_proba
from .persona_author import BRAND_FROM, brand_evidence
from .persona_features import Cues, ThreadStats, text_cues, thread_stats
from .persona_rules import GATE, PERSONAS, brand_signals, rule_matrix, signals_for, squash

__all__ = ["LABELS", "load_guidance", "model_info", "predict"]

LABELS = (*PERSONAS, "none")
GUIDANCE_PATH = Path(__file__).parent / "data" / "personas.json"
ARTIFACT_PATH = artifacts.PERSONA_SHIPPED
CALIBRATION_PATH = Path(__file__).parent / "artifacts" / "persona_calibration.json"
PROTOCOL = 1
RULES_ID = artifacts.PERSONA_RULES_ID

W_RULES = 0.7  # the lexicons and the thread are the playbook itself: they lead
# A persona whose calibrated confidence is below this is not named: the labelled hints
# with such scores were (next to) never right, and isotonic calibration maps them to
# 0.0 — a hint at 0 % says nothing an operator could use.
MIN_CONFIDENCE = 0.05
W_MODEL = 0.3  # the weak-label model adds vocabulary the lexicons do not list
TONE_WEIGHT = 0.1
N_PHRASINGS = 3
GUIDANCE_KEYS = ("name", "behaviour", "phrasings")
LANGS = ("ru", "en")


# --- guidance ------------------------------------------------------------------------
def _check_guidance(data: Any, source: Path, *, partial: bool) -> dict:
    """The personas mapping of a guidance file, or ValueError naming the file and key."""

    def bad(key: str, what: str) -> ValueError:
        return ValueError(f"persona guidance {source}: {key} {what}")

    if not isinstance(data, dict) or not isinstance(data.get("personas"), dict):
        raise bad("personas", "must be an object mapping persona names to guidance")
    personas = data["personas"]
    for name, entry in personas.items():
        key = f"personas.{name}"
        if name not in LABELS:
            raise bad(key, f"is not a persona (expected one of {', '.join(LABELS)})")
        if not isinstance(entry, dict):
            raise bad(key, "must be an object")
        for field, value in entry.items():
            fkey = f"{key}.{field}"
            if field not in GUIDANCE_KEYS:
                raise bad(fkey, f"is unknown (expected {', '.join(GUIDANCE_KEYS)})")
            if not isinstance(value, dict):
                raise bad(fkey, "must be an object keyed by language (ru, en)")
            for lang, text in value.items():
                lkey = f"{fkey}.{lang}"
                if field == "phrasings":
                    if not isinstance(text, list) or not all(
                        isinstance(p, str) and p.strip() for p in text
                    ):
                        raise bad(lkey, "must be a list of non-empty strings")
                elif not isinstance(text, str) or not text.strip():
                    raise bad(lkey, "must be a non-empty string")
        if not partial:
            missing = [f for f in GUIDANCE_KEYS if f not in entry]
            if missing:
                raise bad(key, f"lacks {', '.join(missing)}")
    if not partial:
        missing = [p for p in LABELS if p not in personas]
        if missing:
            raise bad("personas", f"lacks {', '.join(missing)}")
    return personas


def _read_json(path: Path) -> Any:
    return read_json(path, "persona guidance")


@lru_cache(maxsize=8)
def _guidance_cached(path: str | None, mtime: float | None) -> dict:
    shipped = _check_guidance(_read_json(GUIDANCE_PATH), GUIDANCE_PATH, partial=False)
    merged = {name: {k: dict(v) for k, v in entry.items()} for name, entry in shipped.items()}
    if path is not None:
        override = _check_guidance(_read_json(Path(path)), Path(path), partial=True)
        for name, entry in override.items():
            for field, by_lang in entry.items():
                merged[name][field].update(by_lang)
    return {"personas": merged}


def load_guidance(path: Path | None = None) -> dict:
    """The shipped guidance, overridden per persona, key and language by ``path``.

    A trainer's file has the shape of ``model/data/personas.json`` and may hold only
    what it changes, e.g. ``{"personas": {"aggressor": {"phrasings": {"ru": [...]}}}}``.
    Raises ``ValueError`` naming the file and the key when it is malformed. Re-read
    when the file changes (keyed by its modification time), so edits apply at once.
    """
    if path is None:
        return _guidance_cached(None, None)
    return _guidance_cached(*version(path, "persona guidance"))


def _pick_phrasings(pool: list[str], seed: str, n: int = N_PHRASINGS) -> list[str]:
    """``n`` phrasings drawn by a stable hash of ``seed``: varied between comments, the
    same for the same comment. The hash, read as digits in falling bases, picks one
    of the remaining phrasings at a time (every choice of ``n`` in an order can come up)."""
    h = int.from_bytes(hashlib.blake2b(seed.encode(), digest_size=8).digest(), "big")
    rest = list(pool)
    out = []
    while rest and len(out) < n:
        h, i = divmod(h, len(rest))
        out.append(rest.pop(i))
    return out


def _localized(entry: dict, field: str, lang: str) -> Any:
    by_lang = entry.get(field, {})
    return by_lang.get(lang, by_lang.get("ru"))


# --- the weak-label model ----------------------------------------------------------------
_model_state: dict[str, Any] = {}


def _load_model() -> tuple[Any, dict] | None:
    """The trained pipeline and its metadata, loaded once; None when unavailable."""
    if "loaded" not in _model_state:
        _model_state["loaded"] = None
        try:
            from .artifacts import ArtifactError, load
        except ImportError as exc:  # pragma: no cover - artifacts.py ships with model/
            _model_state["error"] = str(exc)
            return None
        try:
            obj, meta = load(ARTIFACT_PATH, protocol=PROTOCOL)
            _model_state["loaded"] = (obj, meta)
        except ArtifactError as exc:
            # Rules alone still give useful hints; model_info() says what happened.
            _model_state["error"] = str(exc)
    return _model_state["loaded"]


def _model_probabilities(texts: list[str]) -> np.ndarray | None:
    """P_model(label | text), one row per text, one column per label (``LABELS`` order;
    0 for a label the model was not trained on), or None without a model."""
    loaded = _load_model()
    if loaded is None or not texts:
        return None
    obj, _ = loaded
    proba = predict_proba(obj["pipeline"], texts)
    classes = [str(c) for c in obj["classes"]]
    out = np.zeros((len(texts), len(LABELS)))
    for j, p in enumerate(LABELS):
        if p in classes:
            out[:, j] = proba[:, classes.index(p)]
    return out


# --- prediction --------------------------------------------------------------------------
def _tone_scores(tone: dict | None) -> tuple[float, float]:
    """(negative, positive) of the tone model's result for one comment; 0 without one."""
    if not tone:
        return 0.0, 0.0
    scores = tone.get("scores") or {}
    label = tone.get("label")
    return (float(scores.get("negative", 1.0 if label == "negative" else 0.0)),
            float(scores.get("positive", 1.0 if label == "positive" else 0.0)))


_AGGRESSOR, _POSITIVE = PERSONAS.index("aggressor"), PERSONAS.index("positive")


# --- calibration -------------------------------------------------------------------------
_calibration: dict[str, Any] = {}


def _calibration_table() -> dict[str, tuple[np.ndarray, np.ndarray]] | None:
    """Per persona (``"*"``: any other), the (scores, confidences) of its curve in
    ``CALIBRATION_PATH``, increasing; None when the file is absent or malformed."""
    if "table" not in _calibration:
        _calibration["table"] = None
        try:
            data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
            _calibration["table"] = {
                name: (np.asarray(c["score"], float), np.asarray(c["confidence"], float))
                for name, c in data["curves"].items()
            }
            _calibration["table"]["*"]  # noqa: B018 - the curve every persona falls back to
        except (OSError, ValueError, KeyError, TypeError) as exc:
            _calibration["table"] = None
            _calibration["error"] = f"{CALIBRATION_PATH.name}: {exc!r}"
    return _calibration["table"]


def calibrated(score: np.ndarray, label: str) -> np.ndarray:
    """How often ``label`` hints with these raw scores are right: the reliability curve
    fitted by ``scripts/calibrate_persona.py`` (isotonic, on labelled messages we may
    use), read by linear interpolation; the scores themselves without a table."""
    table = _calibration_table()
    if table is None:
        return np.clip(score, 0.0, 1.0)
    return np.interp(score, *table.get(label, table["*"]))


def _decide(
    texts: list[str], cues: list[Cues], threads: list[ThreadStats], tones: list[dict] | None,
    brand: np.ndarray,
) -> tuple[list[str], list[float]]:
    """Label and confidence of every comment of a batch (see the module docstring)."""
    rules = rule_matrix(cues, threads)
    if tones is not None:
        neg, pos = np.array([_tone_scores(t) for t in tones]).reshape(-1, 2).T
        # Praise in a negative message is irony or a polite opening to a complaint.
        rules[:, _POSITIVE] *= 1.0 - 0.6 * np.maximum(0.0, neg - pos)
    candidate = rules >= GATE  # a persona needs positive evidence of its own kind
    candidate[brand] = False  # the brand's own reply is no customer
    scores = squash(rules)
    # The model only ranks the personas the rules allow: it runs on those comments alone
    # (a few in a hundred), not on the batch.
    rows = np.flatnonzero(candidate.any(axis=1))
    model_p = _model_probabilities([texts[i] for i in rows.tolist()]) if rows.size else None
    if model_p is not None:
        scores[rows] = W_RULES * scores[rows] + W_MODEL * model_p[:, :len(PERSONAS)]
    if tones is not None:
        scores[:, _AGGRESSOR] += TONE_WEIGHT * neg
        scores[:, _POSITIVE] += TONE_WEIGHT * (pos - neg)
    scores = np.where(candidate, scores, -np.inf)
    best = scores.argmax(axis=1)  # the first of equals
    top = scores.max(axis=1)
    none = ~candidate.any(axis=1)
    labels = ["none" if n else PERSONAS[b] for n, b in zip(none.tolist(), best.tolist(),
                                                            strict=True)]
    # For none: how little evidence there was (1 = none at all, 0.5 = nearly one sign).
    none_confidence = 1.0 - 0.5 * np.minimum(rules.max(axis=1, initial=0.0) / GATE, 1.0)
    confidence = none_confidence.copy()
    for j, persona in enumerate(PERSONAS):
        mine = ~none & (best == j)
        if mine.any():
            confidence[mine] = calibrated(top[mine], persona)
    unfounded = ~none & (confidence < MIN_CONFIDENCE)  # see MIN_CONFIDENCE
    for i in np.flatnonzero(unfounded).tolist():
        labels[i] = "none"
    confidence[unfounded] = none_confidence[unfounded]
    return labels, np.round(np.clip(confidence, 0.0, 1.0), 3).tolist()


def predict(
    comments: list[dict],
    tones: list[dict] | None = None,
    lang: str = "ru",
    guidance_path: Path | None = None,
) -> list[dict]:
    """One persona hint per comment, in input order.

    ``comments``: dicts with ``id``, ``text`` and optionally ``author`` and
    ``posted_at`` (ISO 8601); comments of the same author in the batch make up their
    behaviour in the thread. ``tones``: the tone model's results for the same
    comments (``{"label", "scores": {...}}``), or None. ``lang``: language of the
    signals and guidance (``ru`` or ``en``). ``guidance_path``: a trainer's override
    of the shipped guidance; ``ValueError`` if it is malformed.
    """
    if tones is not None and len(tones) != len(comments):
        raise ValueError("tones must have one entry per comment")
    lang = lang if lang in LANGS else "ru"
    guidance = load_guidance(guidance_path)["personas"]
    texts = [str(c.get("text") or "") for c in comments]
    threads = thread_stats(comments)
    advice = {  # per persona, once per batch: what to do and the phrasings to draw from
        label: (_localized(entry, "behaviour", lang) or "",
                list(_localized(entry, "phrasings", lang) or []))
        for label, entry in guidance.items()
    }
    cues = [text_cues(t) for t in texts]
    brand = [brand_evidence(t, c.brand_phrases) for t, c in zip(texts, cues, strict=True)]
    is_brand = np.array([score >= BRAND_FROM for score, _ in brand], dtype=bool)
    labels, confidences = _decide(texts, cues, threads, tones, is_brand)
    out = []
    for i, comment in enumerate(comments):
        label = labels[i]
        behaviour, pool = advice[label]
        if is_brand[i]:
            signals = brand_signals(brand[i][1], lang)
        else:
            signals = signals_for(label, cues[i], threads[i],
                                  tones[i] if tones is not None else None, lang)
        if tones is not None and (tones[i] or {}).get("label") == "negative":
            # A comment read as negative is never thanked (issue 17: ironic thanks
            # «ну спасибо, очень помогли» got «Спасибо, что вы с нами»).
            pool = [p for p in pool if not has_trigger(p)]
        out.append({
            "label": label,
            "confidence": confidences[i],
            "signals": signals,
            "behaviour": behaviour,
            "phrasings": _pick_phrasings(pool, str(comment.get("id", "")) or texts[i]),
            "author_role": "brand" if is_brand[i] else "customer",
        })
    return out


def _calibration_info() -> dict | None:
    """The calibration's default threshold and what it was fitted on, or None."""
    if _calibration_table() is None:
        return None
    data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    return {k: data.get(k) for k in ("default_threshold", "target_precision", "fitted_on")}


def model_info() -> dict:
    """What persona runs on: rules version, the weak-label model's metadata and metrics."""
    loaded = _load_model()
    info: dict[str, Any] = {
        "calibration": _calibration_info(),
        "id": RULES_ID,
        "version": 1,
        "labels": list(LABELS),
        "method": "lexicon and thread-behaviour rules combined with a weak-label "
                  "scikit-learn model (docs/persona.md)",
        "weights": {"rules": W_RULES, "model": W_MODEL, "tone": TONE_WEIGHT,
                    "gate": GATE},
    }
    if loaded is None:
        info["model"] = None
        info["model_error"] = _model_state.get("error")
        info["weights"] = {"rules": 1.0, "model": 0.0, "tone": TONE_WEIGHT,
                           "gate": GATE}
        return info
    _, meta = loaded
    info["id"] = meta["id"]
    info["model"] = {
        "id": meta["id"],
        "protocol": meta["protocol"],
        "sklearn_version": meta["sklearn_version"],
        "trained_on": [
            {k: d.get(k) for k in ("name", "rows", "license", "weak_labels")}
            for d in meta.get("training_data", [])
        ],
        "license": meta.get("license"),
    }
    info["metrics"] = meta.get("metrics", {})
    return info
