"""Evaluate the persona hints on the dev set: macro-F1, per-persona precision/recall, confusion.

    python scripts/evaluate_persona.py [--dev PATH] [--with-tone] [--ablation] [--show-errors]

Prints the table for the shipped combination (rules + weak-label model), and with
--ablation also for rules alone and the model alone, so that the share of each part
is visible. --with-tone feeds the tone model's results in, as the companion does.
Writes the figures to model/artifacts/persona_v2.metrics.json unless --no-write.
The dev set is for checking only: nothing here tunes anything.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model import persona  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "personas" / "dev.csv"
METRICS_OUT = ROOT / "model" / "artifacts" / "persona_v2.metrics.json"
TARGET_MACRO_F1 = 0.85
TARGET_MIN_RECALL = 0.7


def read_dev(path: Path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [(r["text"], r["persona"]) for r in csv.DictReader(f)]


def evaluate(gold: list[str], pred: list[str]) -> dict:
    labels = list(persona.LABELS)
    per: dict[str, dict[str, float]] = {}
    f1s = []
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(p == lab and g != lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        support = tp + fn
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / support if support else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": support}
        if support:  # macro over the personas present in the gold labels
            f1s.append(f1)
    confusion = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, pred, strict=True):
        confusion[g][p] += 1
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return {"macro_f1": sum(f1s) / len(f1s), "accuracy": accuracy, "per_persona": per,
            "confusion": confusion}


def print_report(name: str, res: dict) -> None:
    present = [lab for lab in persona.LABELS if res["per_persona"][lab]["support"]
               or any(row[lab] for row in res["confusion"].values())]
    print(f"\n== {name}: macro-F1 {res['macro_f1']:.3f}  accuracy {res['accuracy']:.3f}")
    print(f"{'persona':10} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>4}")
    for lab in present:
        r = res["per_persona"][lab]
        print(f"{lab:10} {r['precision']:9.3f} {r['recall']:7.3f} {r['f1']:6.3f} "
              f"{r['support']:4d}")
    print("confusion (rows gold, columns predicted):")
    print(" " * 10 + "".join(f"{lab[:9]:>10}" for lab in present))
    for g in present:
        print(f"{g:10}" + "".join(f"{res['confusion'][g][p]:10d}" for p in present))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--with-tone", action="store_true", help="pass the tone model's results")
    ap.add_argument("--ablation", action="store_true", help="also rules alone and model alone")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    rows = read_dev(args.dev)
    texts = [t for t, _ in rows]
    gold = [g for _, g in rows]
    comments = [{"id": f"dev{i}", "text": t} for i, t in enumerate(texts)]
    tones = None
    if args.with_tone:
        from model import tone

        tones = tone.predict(texts)

    t0 = time.perf_counter()
    hints = persona.predict(comments, tones=tones)
    elapsed = time.perf_counter() - t0
    pred = [h["label"] for h in hints]
    res = evaluate(gold, pred)
    print_report("rules + model" + (" + tone" if tones else ""), res)
    print(f"({len(texts)} comments in {elapsed * 1000:.0f} ms, model loading included)")
    min_recall = min(res["per_persona"][lab]["recall"] for lab in persona.PERSONAS)
    ok = res["macro_f1"] >= TARGET_MACRO_F1 and min_recall >= TARGET_MIN_RECALL
    print(f"targets: macro-F1 >= {TARGET_MACRO_F1}, every persona recall >= "
          f"{TARGET_MIN_RECALL}: {'met' if ok else 'NOT met'} (min recall {min_recall:.3f})")
    if args.show_errors:
        for h, g, t in zip(hints, gold, texts, strict=True):
            if h["label"] != g:
                print(f"  gold {g:9} got {h['label']:9} {h['confidence']:.2f} {h['signals']} {t}")

    results = {"combined": res}
    if args.ablation:
        from model.persona_features import text_cues, thread_stats
        from model.persona_rules import rule_matrix

        rules = rule_matrix([text_cues(t) for t in texts], thread_stats(comments))
        rules_pred = [persona.PERSONAS[row.argmax()] if row.max() > 0 else "none"
                      for row in rules]
        results["rules_only"] = evaluate(gold, rules_pred)
        print_report("rules alone", results["rules_only"])
        probs = persona._model_probabilities(texts)
        if probs is not None:
            model_pred = [persona.LABELS[row.argmax()] for row in probs]
            results["model_only"] = evaluate(gold, model_pred)
            print_report("weak-label model alone", results["model_only"])

    if not args.no_write:
        summary = {k: {"macro_f1": round(v["macro_f1"], 4), "accuracy": round(v["accuracy"], 4),
                       "recall": {lab: round(v["per_persona"][lab]["recall"], 4)
                                  for lab in persona.PERSONAS}}
                   for k, v in results.items()}
        summary["dev_rows"] = len(rows)
        summary["with_tone"] = bool(tones)
        METRICS_OUT.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {METRICS_OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
