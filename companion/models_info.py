"""Which text models the companion uses: the shipped ones or the user's own."""

from __future__ import annotations

import importlib
from pathlib import Path

from model import artifacts as _artifacts

GUIDANCE_OVERRIDE = "personas.json"
CLICHES_OVERRIDE = "cliches.tsv"
COACH_OVERRIDE = "coach.json"


def custom_tone_path(data_dir: Path) -> Path | None:
    """The team's own tone model in use in this data dir (`otklik models`), or None for
    the shipped one; re-read when it changes, so no restart is needed."""
    from .model_registry import active_tone_path

    return active_tone_path(data_dir)


def guidance_path(data_dir: Path) -> Path | None:
    path = data_dir / GUIDANCE_OVERRIDE
    return path if path.exists() else None


def coach_guidance_path(data_dir: Path) -> Path | None:
    """A trainer's ``coach.json`` in the data dir (merged over ``model/data/coach.json``)."""
    path = Path(data_dir) / COACH_OVERRIDE
    return path if path.exists() else None


def model_info(data_dir: Path) -> dict[str, dict]:
    """Metadata of every model in use, without loading the artifacts themselves."""
    info: dict[str, dict] = {}
    for name, call in (
        ("tone", lambda m: m.model_info(custom_tone_path(data_dir))),
        ("persona", lambda m: m.model_info()),
    ):
        try:
            info[name] = call(importlib.import_module(f"model.{name}"))
            if not info[name].get("license"):
                info[name]["license"] = _license_of(info[name])
        except Exception as exc:  # noqa: BLE001 - health must answer even with a broken model
            info[name] = {"id": "unavailable", "error": str(exc)}
    return info


def _license_of(info: dict) -> str:
    """A model's license from its meta where the model's own summary leaves it out
    (persona's is nested under "model")."""
    inner = info.get("model")
    if isinstance(inner, dict) and inner.get("license"):
        return str(inner["license"])
    return "not stated in the model's metadata"


def model_versions(data_dir: Path) -> dict[str, str]:
    """``{"tone": id, "persona": id}`` of the models in use, for ``/health``, read from
    their meta files alone: neither scikit-learn nor a model is loaded, so a server whose
    analysis runs in worker processes stays small (about 70 MB less; docs/api.md). A
    model whose meta file cannot be read is ``"unavailable"``; the persona without its
    weak-label model is its rules' id, as ``model.persona.model_info`` says."""
    versions: dict[str, str] = {}
    try:
        path = custom_tone_path(data_dir) or _artifacts.TONE_SHIPPED
        versions["tone"] = str(_artifacts.read_meta(path).get("id", "unknown"))
    except Exception:  # noqa: BLE001 - health must answer even with a broken model
        versions["tone"] = "unavailable"
    try:
        versions["persona"] = str(_artifacts.read_meta(_artifacts.PERSONA_SHIPPED)["id"])
    except Exception:  # noqa: BLE001
        versions["persona"] = _PERSONA_RULES_ID
    return versions


# The persona's rules id, from the module both read it from (no persona code imported).
_PERSONA_RULES_ID = _artifacts.PERSONA_RULES_ID
