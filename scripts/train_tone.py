"""Train the shipped tone model (model/artifacts/tone_v1.joblib + .meta.json).

    python scripts/train_tone.py [--data-root ../shared/data] [--out PATH] [--no-validation]

1. loads RuSentiment, SentiRuEval-2015 (telecom, banks) and OpenSentimentCorpus with
   the label decisions of ``model.training`` (speech -> positive; skip, mixed dropped),
   deduplicates them and splits 15% off for validation (fixed seed);
2. fits on the 85% and measures on the validation part per domain (these are the
   metrics written to the meta file);
3. refits on everything and writes the artifact and its metadata.

The full comparison table (baseline, cross-domain) is ``scripts/evaluate_tone.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model import artifacts, training  # noqa: E402
from model.tone import LABELS, PROTOCOL  # noqa: E402

OUT = ROOT / "model" / "artifacts" / "tone_v1.joblib"
SEED = training.SEED
MODEL_ID = "tone_v1"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-root", type=Path, default=training.shared_data_root())
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-validation", action="store_true", help="skip step 2 (faster)")
    args = ap.parse_args()
    if args.data_root is None or not (args.data_root / "rusentiment" / "train.csv").exists():
        print("training data not found: pass --data-root ../shared/data", file=sys.stderr)
        return 2

    corpora, examples, train, val = training.standard_split(args.data_root, seed=SEED)
    print(f"{len(examples)} examples after dedup: {dict(Counter(e.domain for e in examples))}")

    metrics: dict = {}
    if not args.no_validation:
        t = time.perf_counter()
        pipe = training.fit(training.build_pipeline(len(train), seed=SEED), train)
        print(f"fitted on {len(train)} in {time.perf_counter() - t:.0f} s")
        for domain in ("vk", "telecom", "banks", "osc"):
            part = [e for e in val if e.domain == domain]
            metrics[f"val_{domain}"] = training.evaluate(pipe, part)
            m = metrics[f"val_{domain}"]
            print(f"  {domain:8s} n={m['n']:5d} macro-F1 {m['macro_f1']:.3f} "
                  f"weighted-F1 {m['weighted_f1']:.3f} F1(pos+neg) {m['f1_pos_neg']:.3f}")
        metrics["note"] = (
            "validation: 15% of the deduplicated data (seed 13) held out from a model fit "
            "on the other 85%; the shipped model is then refit on all of it"
        )

    t = time.perf_counter()
    pipe = training.fit(training.build_pipeline(len(examples), seed=SEED), examples)
    seconds = round(time.perf_counter() - t, 1)
    meta = {
        "id": MODEL_ID,
        "version": training.VERSION,
        "protocol": PROTOCOL,
        "task": "tone",
        "labels": list(LABELS),
        "trained_on": [c.name for c in corpora],
        "training_data": [c.describe() for c in corpora],
        "rows_after_dedup": len(examples),
        "label_decisions": {
            "rusentiment": "speech -> positive (thanks, congratulations, greetings); skip dropped",
            "sentirueval2015": "mixed dropped",
            "opensentimentcorpus": "expert_validated.csv only (majority.csv overlaps it)",
            "domain_weights": training.DOMAIN_WEIGHT,
        },
        "metrics": metrics,
        "license": training.LICENSE_NOTE,
        "seed": SEED,
        "train_seconds": seconds,
    }
    meta = artifacts.save(pipe, args.out, meta)
    print(f"wrote {args.out} ({meta['artifact_bytes'] / 1e6:.1f} MB) in {seconds} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
