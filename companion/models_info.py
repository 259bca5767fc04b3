"""Which text models the companion uses: the shipped ones or the user's own."""

from __future__ import annotations

import importlib
from pathlib import Path

from .config import models_dir

CUSTOM_TONE = "tone_custom.joblib"
GUIDANCE_OVERRIDE = "personas.json"
CLICHES_OVERRIDE = "cliches.tsv"
COACH_OVERRIDE = "coach.json"


def custom_tone_path(data_dir: Path) -> Path | None:
    """The artifact `otklik train` built in this data dir, if any: it wins over the shipped one."""
    path = models_dir(data_dir) / CUSTOM_TONE
    return path if path.exists() else None


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
        except Exception as exc:  # noqa: BLE001 - health must answer even with a broken model
            info[name] = {"id": "unavailable", "error": str(exc)}
    return info


def model_versions(data_dir: Path) -> dict[str, str]:
    return {name: str(meta.get("id", "unknown")) for name, meta in model_info(data_dir).items()}
