"""Trainer-editable JSON files (persona guidance, the reply coach): read with errors that
name the file, and keyed by modification time so that edits apply at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["read_json", "version"]


def read_json(path: Path, what: str) -> Any:
    """The JSON in ``path``; ``ValueError`` «<what> <path>: …» when it cannot be."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{what} {path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{what} {path}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{what} {path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None


def version(path: Path, what: str) -> tuple[str, float]:
    """(resolved path, modification time) of ``path``: a cache key that changes on edit."""
    path = Path(path)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise ValueError(f"{what} {path}: file not found") from None
    return str(path.resolve()), mtime
