"""Evaluate the tone model against a plain TF-IDF + logistic-regression baseline.

    python scripts/evaluate_tone.py [--data-root ../shared/data] [--jobs 2]

Same deduplicated data and 15% validation split (seed 13) as train_tone.py.
Columns:
- RuSentiment val: VK posts, 3 classes (speech counted as positive), macro / weighted F1;
- SentiRuEval telecom / banks val: F1 averaged over positive and negative (the
  competition's metric) and macro-F1;
- VK -> tweets: trained without any tweet (VK + OpenSentimentCorpus), tested on all
  telecom and bank tweets;
- tweets -> VK: trained without any VK post (tweets + OpenSentimentCorpus), tested on
  all RuSentiment posts.
Both systems get the same training rows; the baseline gets raw text and no weights.
Also: per-class figures, and for the shipped artifact its load time, size and
comments per second. Writes model/artifacts/tone_v1.metrics.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from joblib import Parallel, delayed  # noqa: E402

from model import artifacts, training  # noqa: E402

ARTIFACT = ROOT / "model" / "artifacts" / "tone_v1.joblib"
METRICS_OUT = ROOT / "model" / "artifacts" / "tone_v1.metrics.json"
SEED = training.SEED
TWEETS = ("telecom", "banks")


def _run(system: str, setting: str, train: list, tests: dict) -> tuple[str, str, dict]:
    if system == "ours":
        pipe = training.fit(training.build_pipeline(len(train), seed=SEED), train)
    else:
        pipe = training.fit(training.build_baseline(seed=SEED), train, weighted=False)
    return system, setting, {name: training.evaluate(pipe, rows) for name, rows in tests.items()}


def speed(path: Path, texts: list[str]) -> dict:
    """Load time (cold, this process), artifact size and comments/s of the shipped model."""
    from model import tone

    tone.forget(path)
    t = time.perf_counter()
    tone.load_model(path)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    tone.predict(texts, model_path=path)  # cold lemma cache
    cold = len(texts) / (time.perf_counter() - t)
    t = time.perf_counter()
    tone.predict(texts, model_path=path)
    warm = len(texts) / (time.perf_counter() - t)
    return {
        "load_seconds": round(load_s, 3),
        "artifact_mb": round(path.stat().st_size / 1e6, 2),
        "items_per_second_cold": round(cold),
        "items_per_second_warm": round(warm),
        "n_texts": len(texts),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-root", type=Path, default=training.shared_data_root())
    ap.add_argument("--artifact", type=Path, default=ARTIFACT)
    ap.add_argument("--out", type=Path, default=METRICS_OUT)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if args.data_root is None:
        print("training data not found: pass --data-root ../shared/data", file=sys.stderr)
        return 2

    _corpora, examples, train, val = training.standard_split(args.data_root, seed=SEED)

    def of(rows: list, *domains: str) -> list:
        return [e for e in rows if e.domain in domains]

    jobs = {
        "in_domain": (train, {
            "rusentiment_val": of(val, "vk"),
            "telecom_val": of(val, "telecom"),
            "banks_val": of(val, "banks"),
        }),
        "vk_to_tweets": (of(train, "vk", "osc"), {"tweets_all": of(examples, *TWEETS)}),
        "tweets_to_vk": (of(train, *TWEETS, "osc"), {"rusentiment_all": of(examples, "vk")}),
    }
    t = time.perf_counter()
    results = Parallel(n_jobs=args.jobs)(
        delayed(_run)(system, setting, tr, tests)
        for setting, (tr, tests) in jobs.items()
        for system in ("ours", "baseline")
    )
    fit_s = time.perf_counter() - t
    table: dict = {"ours": {}, "baseline": {}}
    for system, setting, res in results:
        table[system][setting] = res

    cols = [
        ("RuS macro", "in_domain", "rusentiment_val", "macro_f1"),
        ("RuS wF1", "in_domain", "rusentiment_val", "weighted_f1"),
        ("tel F1pn", "in_domain", "telecom_val", "f1_pos_neg"),
        ("bank F1pn", "in_domain", "banks_val", "f1_pos_neg"),
        ("VK>tw F1pn", "vk_to_tweets", "tweets_all", "f1_pos_neg"),
        ("VK>tw macro", "vk_to_tweets", "tweets_all", "macro_f1"),
        ("tw>VK macro", "tweets_to_vk", "rusentiment_all", "macro_f1"),
        ("tw>VK F1pn", "tweets_to_vk", "rusentiment_all", "f1_pos_neg"),
    ]
    lines = ["| system | " + " | ".join(c[0] for c in cols) + " |",
             "|---|" + "---:|" * len(cols)]
    for system in ("baseline", "ours"):
        vals = [table[system][s][d][m] for _, s, d, m in cols]
        lines.append(f"| {system} | " + " | ".join(f"{v:.3f}" for v in vals) + " |")
    print("\n".join(lines))

    print("\nper class, ours, in-domain validation (precision / recall / F1, support)")
    for name, res in table["ours"]["in_domain"].items():
        row = "  ".join(
            f"{c}: {v['precision']:.2f}/{v['recall']:.2f}/{v['f1']:.2f} ({v['support']})"
            for c, v in res["per_class"].items()
        )
        print(f"  {name:16s} {row}")

    out: dict = {"table": table, "columns": [c[0] for c in cols], "fit_seconds": round(fit_s)}
    if args.artifact.exists():
        texts = [e.text for e in val][:3000]
        out["shipped"] = speed(args.artifact, texts)
        out["shipped"]["meta_id"] = artifacts.read_meta(args.artifact)["id"]
        s = out["shipped"]
        print(f"\nshipped {args.artifact.name}: {s['artifact_mb']} MB, load {s['load_seconds']} s, "
              f"{s['items_per_second_cold']} comments/s cold, {s['items_per_second_warm']} warm "
              f"({s['n_texts']} texts)")
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
