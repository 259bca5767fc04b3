"""The labelled persona sets, read one way for the scripts that train, calibrate and
evaluate persona.

* ``../shared/data/personas/dev.csv``: clear cases (``text,persona``);
* ``../shared/data/personas/wild_dev.csv``: a real stream of tweets to brands
  (``text,persona,source``), for measuring only;
* ``model/data/persona_calibration.csv``: our own labels (``source,persona``) of
  messages from SentiRuEval-2015's training files, which the labels point to by
  ``source`` ("sentirueval2015/telecom_train.csv row 12", the data row counted from 0)
  instead of copying their text. The calibration of confidence is fitted on it.

Training never reads a message of wild_dev or of the calibration labels
(``held_out_texts``).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DEV = DATA / "personas" / "dev.csv"
WILD_DEV = DATA / "personas" / "wild_dev.csv"
CALIBRATION = ROOT / "model" / "data" / "persona_calibration.csv"
_SOURCE = re.compile(r"^(?P<file>[\w./-]+\.csv) row (?P<row>\d+)$")


def read_labelled(path: Path) -> list[tuple[str, str]]:
    """(text, persona) rows of a ``text,persona[,source]`` file."""
    with open(path, encoding="utf-8", newline="") as f:
        return [(r["text"], r["persona"]) for r in csv.DictReader(f)]


@lru_cache(maxsize=8)
def _data_rows(file: str) -> list[str]:
    with open(DATA / file, encoding="utf-8", newline="") as f:
        return [r["text"] for r in csv.DictReader(f)]


def read_by_source(path: Path = CALIBRATION) -> list[tuple[str, str]]:
    """(text, persona) of a ``source,persona`` file, the text read from the source;
    ``ValueError`` naming the line when a source cannot be found."""
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for line, r in enumerate(csv.DictReader(f), start=2):
            m = _SOURCE.match(r.get("source") or "")
            rows = _data_rows(m["file"]) if m and (DATA / m["file"]).is_file() else None
            if rows is None or int(m["row"]) >= len(rows):
                raise ValueError(f"{path}:{line}: source {r.get('source')!r} not found in {DATA}")
            out.append((rows[int(m["row"])], r["persona"]))
    return out


def held_out_texts() -> frozenset[str]:
    """Every text of wild_dev and of the calibration labels: never trained on."""
    texts = {t for t, _ in read_labelled(WILD_DEV)} if WILD_DEV.is_file() else set()
    texts |= {t for t, _ in read_by_source(CALIBRATION)}
    return frozenset(texts)
