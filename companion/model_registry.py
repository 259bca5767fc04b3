"""The tone models of a data dir: the shipped one, the team's own, and which is in use.

Layout under ``<data dir>/models/``::

    tone/<id>.joblib, tone/<id>.meta.json   every model `otklik train` built, kept
    active.json                              {"tone": "<id>", "previous": "<id>"}
    tone_custom.joblib                       a model of otklik 0.1's `train` (listed too)

Nothing here loads a model. The companion asks ``active_tone_path`` on every request
(a ``stat`` and, when the file changed, a read of a few bytes), so `otklik models use`
and `otklik train` take effect on the next comment without a restart. A missing or
broken entry falls back to the shipped model, never to an error in the extension.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "ModelError",
    "SHIPPED",
    "active_tone_id",
    "active_tone_path",
    "new_model_path",
    "set_active",
    "tone_models",
]

ACTIVE_FILE = "active.json"
LEGACY_TONE = "tone_custom.joblib"
SHIPPED = "shipped"  # `otklik models use shipped` is the way back, whatever its id


class ModelError(ValueError):
    """A model id that does not exist, or a switch that cannot be made; says which."""


def _models(base: Path) -> Path:
    return Path(base) / "models"  # not created here: `otklik status` creates nothing


def _read_active(base: Path) -> dict[str, Any]:
    try:
        data = json.loads((_models(base) / ACTIVE_FILE).read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _shipped_info() -> dict[str, Any]:
    from model import tone

    return tone.model_info()


def _own(base: Path) -> dict[str, Path]:
    """id -> artifact of every model trained in this data dir."""
    found: dict[str, Path] = {}
    legacy = _models(base) / LEGACY_TONE
    if legacy.exists():
        found["tone_custom"] = legacy
    folder = _models(base) / "tone"
    if folder.is_dir():
        for path in sorted(folder.glob("*.joblib")):
            found[path.name.removesuffix(".joblib")] = path
    return found


def _chosen(base: Path) -> tuple[str | None, Path | None]:
    """(id, artifact) of the team's own model in use, or (None, None) for the shipped one:
    the one active.json names, else otklik 0.1's models/tone_custom.joblib, which it used
    whenever the file was there."""
    chosen = _read_active(base).get("tone")
    own = _own(base)
    if chosen in own:
        return chosen, own[chosen]
    if chosen is None and "tone_custom" in own:
        return "tone_custom", own["tone_custom"]
    return None, None


def active_tone_id(base: Path) -> str:
    """The id of the tone model in use: the shipped model's when none of the team's is
    chosen, or the chosen one cannot be used (see ``active_tone_path``)."""
    chosen, path = _chosen(base)
    return chosen if path is not None and _usable(path) else _shipped_info()["id"]


_cache_lock = threading.Lock()
_cache: dict[Path, tuple[float | None, Path | None]] = {}


def active_tone_path(base: Path) -> Path | None:
    """The artifact of the team's own model in use, or None for the shipped one.

    Cheap enough for every request: the answer is kept until active.json changes.
    """
    base = Path(base)
    active = _models(base) / ACTIVE_FILE
    try:
        mtime: float | None = active.stat().st_mtime_ns
    except OSError:
        mtime = None
    with _cache_lock:
        got = _cache.get(base)
    if got is not None and got[0] == mtime and mtime is not None:
        path = got[1]
        if path is None or path.exists():
            return path
    _id, path = _chosen(base)
    if path is not None and not _usable(path):
        path = None
    with _cache_lock:
        previous = _cache.get(base)
        _cache[base] = (mtime, path)
    if previous is not None and previous[1] is not None and previous[1] != path:
        from model import tone

        tone.forget(previous[1])  # the model switched away from: its memory back
    return path


def _usable(path: Path) -> bool:
    """An adapter whose shipped base is no longer shipped cannot be used."""
    from model import artifacts

    try:
        meta = artifacts.read_meta(path)
    except artifacts.ArtifactError:
        return False
    base_id = meta.get("base_model")
    if base_id:
        from model.tone_adapter import base_path

        return base_path(base_id).exists()
    return True


def tone_models(base: Path) -> list[dict[str, Any]]:
    """Every tone model of this data dir, shipped first, then the team's oldest first.

    Each: ``{"id", "active", "shipped", "license", "trained_on", "figures", "created_at",
    "note"}``; ``figures`` are the ones measured when it was trained (see
    ``companion.retrain``), ``note`` says why a model cannot be used, if so.
    """
    from model import artifacts

    active = active_tone_id(base)
    shipped = _shipped_info()
    out = [{
        "id": shipped["id"], "active": active == shipped["id"], "shipped": True,
        "license": artifacts.license_text(shipped.get("license")),
        "trained_on": shipped.get("trained_on", []),
        "figures": _shipped_figures(shipped), "created_at": None, "note": None,
    }]
    for model_id, path in _own(base).items():
        try:
            meta = artifacts.read_meta(path)
        except artifacts.ArtifactError as exc:
            out.append({"id": model_id, "active": False, "shipped": False, "license": None,
                        "trained_on": [], "figures": {}, "created_at": None,
                        "note": str(exc)})
            continue
        metrics = meta.get("metrics") or {}
        out.append({
            "id": model_id,
            "active": model_id == active,
            "shipped": False,
            "license": artifacts.license_text(meta.get("license")),
            "trained_on": meta.get("trained_on", []),
            "figures": {k: metrics[k] for k in ("team_cv", "sanity") if k in metrics},
            "created_at": meta.get("created_at"),
            "note": None if _usable(path) else
            f"its base model {meta.get('base_model')} is no longer shipped",
            "decision": meta.get("decision"),
        })
    return out


def _shipped_figures(info: dict[str, Any]) -> dict[str, Any]:
    metrics = info.get("metrics") or {}
    return {k: {"macro_f1": v["macro_f1"], "n": v.get("n")}
            for k, v in metrics.items() if isinstance(v, dict) and "macro_f1" in v}


def set_active(base: Path, model_id: str) -> tuple[str, str]:
    """Make ``model_id`` (or ``shipped``) the tone model in use; ``(before, after)`` ids.

    Written atomically; a running companion uses it from its next request.
    """
    shipped_id = _shipped_info()["id"]
    own = _own(base)
    if model_id in (SHIPPED, shipped_id):
        target = shipped_id
    elif model_id in own:
        if not _usable(own[model_id]):
            raise ModelError(f"{model_id} cannot be used: its base model is no longer shipped")
        target = model_id
    else:
        known = ", ".join([shipped_id, *own]) or shipped_id
        raise ModelError(f"no tone model {model_id!r}; known: {known}")
    before = active_tone_id(base)
    folder = _models(base)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ACTIVE_FILE
    tmp = folder / (ACTIVE_FILE + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({
        "tone": target, "previous": before,
        "changed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }), "utf-8")
    tmp.replace(path)
    return before, target


def previous_tone_id(base: Path) -> str | None:
    """The model in use before the last switch (what `otklik models use --back` restores)."""
    return _read_active(base).get("previous")


def new_model_path(base: Path, prefix: str = "tone_team") -> Path:
    """A fresh artifact path for a model about to be trained (id from the time, unique)."""
    folder = _models(base) / "tone"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d_%H%M%S")
    path = folder / f"{prefix}_{stamp}.joblib"
    n = 2
    while path.exists():
        path = folder / f"{prefix}_{stamp}_{n}.joblib"
        n += 1
    return path
