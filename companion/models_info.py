"""Which text models the companion uses: the shipped ones or the user's own."""

from __future__ import annotations

import importlib
from pathlib import Path

GUIDANCE_OVERRIDE = "personas.json"
CLICHES_OVERRIDE = "cliches.tsv"


def custom_tone_path(data_dir: Path) -> Path | None:
    """The team's own tone model in use in this data dir (`otklik models`), or None for
    the shipped one; re-read when it changes, so no restart is needed."""
    from .model_registry import active_tone_path

    return active_tone_path(data_dir)


def guidance_path(data_dir: Path) -> Path | None:
    path = data_dir / GUIDANCE_OVERRIDE
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
    return {name: str(meta.get("id", "unknown")) for name, meta in model_info(data_dir).items()}
