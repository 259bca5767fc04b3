"""/health's model ids come from the meta files alone, and say the same as the models."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from companion import models_info

ROOT = Path(__file__).resolve().parent.parent


def test_ids_are_those_the_models_report(tmp_path: Path) -> None:
    full = models_info.model_info(tmp_path)
    assert models_info.model_versions(tmp_path) == {
        "tone": full["tone"]["id"], "persona": full["persona"]["id"]
    }


def test_the_persona_rules_id_is_the_persona_modules() -> None:
    from model import persona

    assert models_info._PERSONA_RULES_ID == persona.RULES_ID


def test_reading_the_ids_loads_no_model_code(tmp_path: Path) -> None:
    # The server keeps only this when worker processes analyse: no scikit-learn in it.
    code = (
        "import sys, json; from pathlib import Path; from companion import models_info; "
        f"v = models_info.model_versions(Path({str(tmp_path)!r})); "
        "print(json.dumps([v, 'sklearn' in sys.modules, 'model.tone' in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=60).stdout
    versions, sklearn_loaded, tone_loaded = json.loads(out)
    assert versions["tone"] != "unavailable" and versions["persona"]
    assert not sklearn_loaded and not tone_loaded


def test_a_broken_meta_file_is_unavailable_not_an_error(tmp_path: Path, monkeypatch) -> None:
    from model import artifacts

    monkeypatch.setattr(artifacts, "TONE_SHIPPED", tmp_path / "missing.joblib")
    assert models_info.model_versions(tmp_path)["tone"] == "unavailable"
