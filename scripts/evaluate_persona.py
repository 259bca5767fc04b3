"""Evaluate the persona hints on both development sets.

    python scripts/evaluate_persona.py [--ablation] [--show-errors] [--no-write]

* the clear-case set (``../shared/data/personas/dev.csv``): macro-F1 and per-persona
  recall (targets: macro-F1 >= 0.9, every recall >= 0.8);
* the real stream (``wild_dev.csv``, tweets to telecoms and banks, mostly without a
  persona): the share of plain messages given a persona (<= 8 %), of the brand's own
  messages given one (<= 10 %), per-persona precision and recall, aggressor F1
  (precision and F1 >= 0.8), and a reliability table of confidence.

Both run as the companion does: the tone model's results are passed in. --ablation
adds rules alone and the weak-label model alone on the clear cases. Writes the figures
to model/artifacts/persona_v2.metrics.json unless --no-write. Nothing here tunes
anything: wild_dev.csv is for measuring only (the threshold comes from
scripts/calibrate_persona.py, on other labels).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from persona_sets import DEV, WILD_DEV, read_labelled  # noqa: E402

from model import persona  # noqa: E402

METRICS_OUT = ROOT / "model" / "artifacts" / "persona_v2.metrics.json"
TARGET_MACRO_F1 = 0.9
TARGET_MIN_RECALL = 0.8
TARGET_PLAIN_WITH_PERSONA = 0.08
TARGET_BRAND_WITH_PERSONA = 0.10
TARGET_AGGRESSOR = 0.8  # precision and F1
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def evaluate(gold: list[str], pred: list[str]) -> dict:
    """Per-label precision, recall, F1; macro-F1 over the personas in ``gold``."""
    labels = sorted(set(persona.LABELS) | set(gold))
    per: dict[str, dict[str, float]] = {}
    pairs = list(zip(gold, pred, strict=True))
    for lab in labels:
        tp = sum(g == p == lab for g, p in pairs)
        fp = sum(p == lab and g != lab for g, p in pairs)
        fn = sum(g == lab and p != lab for g, p in pairs)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn,
                    "predicted": tp + fp}
    f1s = [per[lab]["f1"] for lab in persona.PERSONAS if per[lab]["support"]]
    confusion = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in pairs:
        confusion[g][p] += 1
    return {"macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
            "accuracy": sum(g == p for g, p in pairs) / len(pairs),
            "per_persona": per, "confusion": confusion}


def reliability(conf: np.ndarray, correct: np.ndarray) -> list[dict]:
    """Hints binned by confidence: how many, mean confidence, share right."""
    out = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        m = (conf >= lo) & (conf < hi)
        if m.any():
            out.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "hints": int(m.sum()),
                        "mean_confidence": round(float(conf[m].mean()), 3),
                        "right": round(float(correct[m].mean()), 3)})
    return out


def print_reliability(name: str, table: list[dict]) -> None:
    print(f"reliability ({name}): confidence bin, hints, mean confidence, share right")
    for row in table:
        print(f"  {row['bin']:9} {row['hints']:5d} {row['mean_confidence']:8.2f} "
              f"{row['right']:8.2f}")


def print_report(name: str, res: dict, labels: list[str]) -> None:
    print(f"\n== {name}: macro-F1 {res['macro_f1']:.3f}  accuracy {res['accuracy']:.3f}")
    print(f"{'persona':10} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>4} {'given':>6}")
    for lab in labels:
        r = res["per_persona"][lab]
        print(f"{lab:10} {r['precision']:9.3f} {r['recall']:7.3f} {r['f1']:6.3f} "
              f"{r['support']:4d} {r['predicted']:6d}")
    print("confusion (rows gold, columns predicted):")
    print(" " * 10 + "".join(f"{lab[:9]:>10}" for lab in labels))
    for g in labels:
        print(f"{g:10}" + "".join(f"{res['confusion'][g].get(p, 0):10d}" for p in labels))


def run(texts: list[str]) -> tuple[list[dict], float]:
    from model import tone

    t0 = time.perf_counter()
    comments = [{"id": f"e{i}", "text": t} for i, t in enumerate(texts)]
    hints = persona.predict(comments, tones=tone.predict(texts))
    return hints, time.perf_counter() - t0


def show_errors(hints: list[dict], gold: list[str], texts: list[str]) -> None:
    for h, g, t in zip(hints, gold, texts, strict=True):
        if h["label"] != g and not (g == "brand" and h["label"] == "none"):
            print(f"  gold {g:9} got {h['label']:9} {h['confidence']:.2f} {h['signals']} "
                  f"{t[:160]}")


def clear_cases(args: argparse.Namespace) -> dict:
    rows = read_labelled(args.dev)
    texts, gold = [t for t, _ in rows], [g for _, g in rows]
    hints, elapsed = run(texts)
    res = evaluate(gold, [h["label"] for h in hints])
    print_report(f"clear cases ({args.dev.name})", res, [*persona.PERSONAS, "none"])
    print(f"({len(texts)} comments in {elapsed * 1000:.0f} ms, models loading included)")
    min_recall = min(res["per_persona"][lab]["recall"] for lab in persona.PERSONAS)
    ok = res["macro_f1"] >= TARGET_MACRO_F1 and min_recall >= TARGET_MIN_RECALL
    print(f"targets: macro-F1 >= {TARGET_MACRO_F1}, every recall >= {TARGET_MIN_RECALL}: "
          f"{'met' if ok else 'NOT met'} (min recall {min_recall:.3f})")
    if args.show_errors:
        show_errors(hints, gold, texts)
    out = {"combined": res}
    if args.ablation:
        from model.persona_features import text_cues
        from model.persona_rules import GATE, rule_matrix

        rules = rule_matrix([text_cues(t) for t in texts])
        rules_pred = [persona.PERSONAS[row.argmax()] if row.max() >= GATE else "none"
                      for row in rules]
        out["rules_only"] = evaluate(gold, rules_pred)
        print_report("rules alone", out["rules_only"], [*persona.PERSONAS, "none"])
        probs = persona._model_probabilities(texts)
        if probs is not None:
            out["model_only"] = evaluate(gold, [persona.LABELS[r.argmax()] for r in probs])
            print_report("weak-label model alone", out["model_only"],
                         [*persona.PERSONAS, "none"])
    return out


def wild(args: argparse.Namespace) -> dict:
    rows = read_labelled(args.wild)
    texts, gold = [t for t, _ in rows], [g for _, g in rows]
    hints, _ = run(texts)
    pred = [h["label"] for h in hints]
    res = evaluate(gold, pred)
    present = [lab for lab in (*persona.PERSONAS, "none", "brand")
               if res["per_persona"].get(lab, {}).get("support")
               or res["per_persona"].get(lab, {}).get("predicted")]
    print_report(f"real stream ({args.wild.name})", res, present)

    def given_persona(kind: str) -> tuple[int, int]:
        idx = [i for i, g in enumerate(gold) if g == kind]
        return sum(pred[i] != "none" for i in idx), len(idx)

    plain, n_plain = given_persona("none")
    brand, n_brand = given_persona("brand")
    marked = sum(h["author_role"] == "brand" for h, g in zip(hints, gold, strict=True)
                 if g == "brand")
    customers_marked = sum(h["author_role"] == "brand" for h, g in zip(hints, gold, strict=True)
                           if g != "brand")
    agg = res["per_persona"]["aggressor"]
    shown = np.array([i for i, p in enumerate(pred) if p != "none"], dtype=int)
    conf = np.array([hints[i]["confidence"] for i in shown])
    correct = np.array([pred[i] == gold[i] for i in shown], dtype=float)
    table = reliability(conf, correct)
    print(f"plain messages given a persona: {plain}/{n_plain} = {plain / n_plain:.1%} "
          f"(target <= {TARGET_PLAIN_WITH_PERSONA:.0%})")
    print(f"brand messages given a persona: {brand}/{n_brand} = {brand / n_brand:.1%} "
          f"(target <= {TARGET_BRAND_WITH_PERSONA:.0%}); marked author_role brand: "
          f"{marked}/{n_brand}; customers marked brand: {customers_marked}")
    print(f"aggressor: precision {agg['precision']:.3f}, recall {agg['recall']:.3f}, "
          f"F1 {agg['f1']:.3f} (targets: precision and F1 >= {TARGET_AGGRESSOR})")
    print_reliability("hints given", table)
    if args.show_errors:
        show_errors(hints, gold, texts)
    return {"per_persona": res["per_persona"],
            "plain_with_persona": round(plain / n_plain, 4),
            "brand_with_persona": round(brand / n_brand, 4),
            "brand_marked": marked, "customers_marked_brand": customers_marked,
            "aggressor_f1": round(agg["f1"], 4), "reliability": table, "rows": len(rows)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--wild", type=Path, default=WILD_DEV)
    ap.add_argument("--ablation", action="store_true", help="also rules alone and model alone")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    clear = clear_cases(args)
    stream = wild(args) if args.wild.is_file() else None
    if not args.no_write:
        summary = {k: {"macro_f1": round(v["macro_f1"], 4),
                       "recall": {lab: round(v["per_persona"][lab]["recall"], 4)
                                  for lab in persona.PERSONAS}}
                   for k, v in clear.items()}
        if stream is not None:
            summary["wild_dev"] = {
                k: v for k, v in stream.items() if k != "per_persona"
            } | {"precision": {lab: round(r["precision"], 4)
                               for lab, r in stream["per_persona"].items() if r["predicted"]},
                 "recall": {lab: round(r["recall"], 4)
                            for lab, r in stream["per_persona"].items() if r["support"]}}
        METRICS_OUT.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {METRICS_OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
