"""Saving and loading trained model artifacts, with a metadata file beside each.

An artifact ``NAME.joblib`` always travels with ``NAME.meta.json``::

    {"id": "tone_v1", "protocol": 1, "sklearn_version": "1.9.1",
     "training_data": [{"name": "...", "rows": 123, "sha256": "...", "license": "..."}],
     "metrics": {...}, "license": "...", "artifact_sha256": "...", ...}

``protocol`` is the layout of the pickled object for one model family (what
``predict`` expects to find inside); bump it when that changes, and ``load`` refuses
artifacts of another protocol with a clear message instead of failing deep in
scikit-learn. Pickles are only portable within one scikit-learn minor version, so a
different one is refused too (retrain with ``otklik train`` or install the version
named in the message). Only load artifacts you trust: joblib files are pickles.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

__all__ = [
    "ArtifactError",
    "REQUIRED_META",
    "file_sha256",
    "license_terms",
    "license_text",
    "load",
    "meta_path",
    "read_meta",
    "save",
]

REQUIRED_META = ("id", "protocol", "sklearn_version", "training_data", "metrics", "license")

# The one place the way out of a non-commercial model's terms is said: `otklik status`,
# `otklik models` and `otklik train` show every license through ``license_text``. Only
# ``--base none`` frees a team's model of them; the default ``--base shipped`` stacks on
# the shipped model's scores, so its terms still apply (README, Licenses).
RETRAIN_ADVICE = (
    "For other uses, train a model on your own labelled comments alone: "
    "otklik train --data FILE.csv --base none (the default, --base shipped, adapts "
    "the shipped model, so its terms still apply)."
)
# The advice metas written before 2026-12-02 carry inside their license: it named the
# adapting command, which keeps the terms, so it is cut from what is shown.
_OLD_ADVICE = re.compile(
    r"\s*Retrain on your own labelled comments \(otklik train --data FILE\.csv\) "
    r"for other uses\.?"
)
_NON_COMMERCIAL = re.compile(r"\bNC\b|non-commercial", re.IGNORECASE)


def license_terms(license_: str) -> str:
    """A stored license without any advice on retraining (old or current): the terms to
    store in a new model's meta (an adapter's carries its base's)."""
    return _OLD_ADVICE.sub("", str(license_).replace(RETRAIN_ADVICE, "")).strip()


def license_text(license_: str | None) -> str | None:
    """A model's license as shown to people: the stored terms, and where they forbid
    commercial use, ``RETRAIN_ADVICE`` (once, at the end)."""
    if not license_:
        return license_
    terms = license_terms(license_)
    if _NON_COMMERCIAL.search(terms):
        terms = f"{terms.rstrip('.; ')}. {RETRAIN_ADVICE}"
    return terms


class ArtifactError(RuntimeError):
    """An artifact that is missing, incomplete or built for another protocol/version."""


def meta_path(path: Path) -> Path:
    """``tone_v1.joblib`` -> ``tone_v1.meta.json`` (same folder)."""
    path = Path(path)
    return path.with_name(path.name.removesuffix(".joblib") + ".meta.json")


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def plain_vocabularies(obj: Any) -> None:
    """Give every fitted vectorizer inside ``obj`` a vocabulary of plain ints, with
    interned terms where its analyzer is a callable (lemmas), and drop the caches
    ``model.inference`` keeps on them.

    scikit-learn stores column numbers as numpy integers; unpickling 150,000 of them
    took half of the companion's model load (0.4 s), plain ints take a tenth of that,
    and they hash and count faster in ``model.inference``. The vectorizers work the
    same with either. Done on saving, and on loading for artifacts saved before.
    """
    seen: set[int] = set()

    def walk(o: Any) -> None:
        if id(o) in seen:
            return
        seen.add(id(o))
        for key in [k for k in getattr(o, "__dict__", {}) if k.startswith("_otklik_")]:
            del o.__dict__[key]  # caches of model.inference, rebuilt on first use
        vocab = getattr(o, "vocabulary_", None)
        if isinstance(vocab, dict) and vocab:
            # Terms of a callable analyzer are lemmas, which model.lemmas interns:
            # interned here too, a lookup matches them by identity.
            lemmas = callable(getattr(o, "analyzer", None))
            if lemmas or type(next(iter(vocab.values()))) is not int:
                o.vocabulary_ = {
                    (sys.intern(term) if lemmas else term): int(j) for term, j in vocab.items()
                }
        if isinstance(o, dict):
            children = list(o.values())
        elif isinstance(o, list | tuple):
            children = list(o)
        else:
            # Only where estimators live: not into vocabularies or arrays (a walk
            # through 150,000 entries would cost what the plain ints save).
            children = [
                v for k, v in getattr(o, "__dict__", {}).items()
                if k in ("steps", "transformer_list", "estimator", "calibrated_classifiers_")
            ]
        for child in children:
            if isinstance(child, list | tuple | dict) or hasattr(child, "__dict__"):
                walk(child)

    walk(obj)


def save(obj: Any, path: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Write ``obj`` to ``path`` (joblib, compressed) and its metadata beside it.

    ``meta`` must hold every key of ``REQUIRED_META`` except ``sklearn_version``,
    which is filled in. Returns the metadata as written (with the artifact's hash and
    size). Both files are written to temporary names first and then renamed, so a
    crash never leaves a half-written artifact that a running companion would load.
    """
    # Imported here, not at the top: reading an artifact's metadata (read_meta) must not
    # cost a process scikit-learn (models_info.model_versions, the server's /health).
    import joblib
    import sklearn

    path = Path(path)
    meta = dict(meta)
    meta.setdefault("sklearn_version", sklearn.__version__)
    missing = [k for k in REQUIRED_META if k not in meta]
    if missing:
        raise ArtifactError(f"metadata for {path.name} lacks {', '.join(missing)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    plain_vocabularies(obj)
    joblib.dump(obj, tmp, compress=("zlib", 3))
    meta["artifact_sha256"] = file_sha256(tmp)
    meta["artifact_bytes"] = tmp.stat().st_size
    mpath = meta_path(path)
    mtmp = mpath.with_name(mpath.name + ".tmp")
    mtmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    mtmp.replace(mpath)
    return meta


# Where the shipped artifacts lie, named here (a module that imports no scikit-learn) so
# that a process which only reports the models' ids, such as the server while worker
# processes analyse, need not import the models' code.
SHIPPED_DIR = Path(__file__).resolve().parent / "artifacts"
TONE_SHIPPED = SHIPPED_DIR / "tone_v2.joblib"
PERSONA_SHIPPED = SHIPPED_DIR / "persona_v2.joblib"
# The persona's id when its weak-label model is missing (the rules alone).
PERSONA_RULES_ID = "persona_rules_v1"


def read_meta(path: Path) -> dict[str, Any]:
    """The metadata of an artifact, without loading the artifact itself."""
    mpath = meta_path(Path(path))
    try:
        meta = json.loads(mpath.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtifactError(f"no metadata file {mpath} beside the artifact") from None
    except json.JSONDecodeError as e:
        raise ArtifactError(f"metadata file {mpath} is not valid JSON: {e}") from None
    missing = [k for k in REQUIRED_META if k not in meta]
    if missing:
        raise ArtifactError(f"metadata file {mpath} lacks {', '.join(missing)}")
    return meta


def load(path: Path, *, protocol: int | None = None) -> tuple[Any, dict[str, Any]]:
    """Load an artifact and its metadata after checking they fit this code.

    ``protocol``: the protocol the caller understands; another one is refused.
    Raises ``ArtifactError`` with a message that says what to do.
    """
    import joblib
    import sklearn

    path = Path(path)
    if not path.exists():
        raise ArtifactError(f"model artifact {path} not found")
    meta = read_meta(path)
    if protocol is not None and meta["protocol"] != protocol:
        raise ArtifactError(
            f"{path.name} uses protocol {meta['protocol']} but this version of otklik "
            f"reads protocol {protocol}: retrain it (otklik train) or update otklik"
        )
    if _minor(meta["sklearn_version"]) != _minor(sklearn.__version__):
        raise ArtifactError(
            f"{path.name} was built with scikit-learn {meta['sklearn_version']}, "
            f"installed is {sklearn.__version__}: install scikit-learn=="
            f"{'.'.join(_minor(meta['sklearn_version']))}.* or retrain (otklik train)"
        )
    obj = joblib.load(path)
    plain_vocabularies(obj)
    return obj, meta
