"""Fit persona's confidence to how often a hint is right, and choose the default
threshold for showing a hint.

    python scripts/calibrate_persona.py [--target 0.8]

Reads our own labels of real messages to brands (``model/data/persona_calibration.csv``:
SentiRuEval-2015 training tweets, never wild_dev.csv and never trained on), runs persona
with the tone model as the companion does, and fits an isotonic (monotone) map from the
raw score of each hint to the share of hints that were right: one per persona with at
least ``MIN_HINTS`` labelled hints (an aggressor's insults and a positive one's praise
are not equally reliable at the same score), one over all hints for the rest. Writes it to
``model/artifacts/persona_calibration.json`` with the default threshold: the lowest
calibrated confidence from which the hints shown are right at least ``--target`` of the
time on these labels. Prints a reliability table before and after.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate_persona import print_reliability, reliability  # noqa: E402
from persona_sets import CALIBRATION, read_by_source  # noqa: E402
from sklearn.isotonic import IsotonicRegression  # noqa: E402

from model import persona, tone  # noqa: E402

OUT = ROOT / "model" / "artifacts" / "persona_calibration.json"
TARGET = 0.8  # "a hint at 0.8 is right about 8 times in 10"
MIN_HINTS = 30  # fewer labelled hints of a persona: it shares the curve of all


def raw_hints(texts: list[str]) -> list[dict]:
    """Persona's hints with the confidence left as the raw score (no calibration)."""
    saved = dict(persona._calibration)
    persona._calibration.clear()
    persona._calibration["table"] = None
    try:
        comments = [{"id": f"cal{i}", "text": t} for i, t in enumerate(texts)]
        return persona.predict(comments, tones=tone.predict(texts))
    finally:
        persona._calibration.clear()
        persona._calibration.update(saved)


def choose_threshold(conf: np.ndarray, correct: np.ndarray, target: float) -> float:
    """The lowest confidence t such that hints with confidence >= t are right at least
    ``target`` of the time (1.0 when none is)."""
    for t in np.unique(conf):
        shown = conf >= t
        if correct[shown].mean() >= target:
            return float(t)
    return 1.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--target", type=float, default=TARGET)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    rows = read_by_source(CALIBRATION)
    texts = [t for t, _ in rows]
    gold = [g for _, g in rows]
    hints = raw_hints(texts)
    shown = [i for i, h in enumerate(hints) if h["label"] != "none"]
    score = np.array([hints[i]["confidence"] for i in shown])
    correct = np.array([hints[i]["label"] == gold[i] for i in shown], dtype=float)
    print(f"{len(rows)} labelled messages, {len(shown)} given a persona, "
          f"{int(correct.sum())} of them right")
    print_reliability("raw score", reliability(score, correct))

    labels = np.array([hints[i]["label"] for i in shown])
    curves = {}
    calibrated = np.zeros_like(score)
    for name in [*sorted(set(labels)), "*"]:
        mine = labels == name if name != "*" else np.ones_like(correct, dtype=bool)
        if name != "*" and mine.sum() < MIN_HINTS:
            continue
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
        iso.fit(score[mine], correct[mine])
        curves[name] = {"score": [round(float(x), 4) for x in iso.X_thresholds_],
                        "confidence": [round(float(y), 4) for y in iso.y_thresholds_],
                        "hints": int(mine.sum()), "right": int(correct[mine].sum())}
        print(f"curve {name}: {int(mine.sum())} hints, {int(correct[mine].sum())} right")
    for i, name in enumerate(labels):
        curve = curves.get(name, curves["*"])
        calibrated[i] = np.interp(score[i], curve["score"], curve["confidence"])
    print_reliability("calibrated", reliability(calibrated, correct))
    threshold = choose_threshold(calibrated, correct, args.target)
    kept = calibrated >= threshold
    print(f"default threshold {threshold:.2f}: {int(kept.sum())} of {len(shown)} hints "
          f"shown, {correct[kept].mean():.2f} of them right")

    table = {
        "curves": curves,
        "default_threshold": round(threshold, 2),
        "target_precision": args.target,
        "fitted_on": {
            "labels": str(CALIBRATION.relative_to(ROOT)),
            "sha256": hashlib.sha256(CALIBRATION.read_bytes()).hexdigest(),
            "messages": len(rows),
            "hints": len(shown),
            "right": int(correct.sum()),
        },
    }
    args.out.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
