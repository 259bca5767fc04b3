"""Quality of the template warning on a labelled set of drafts.

    python scripts/evaluate_templates.py [--data ../shared/data/templates] [--warn 0.5]

Reads ``library.csv`` (id,text: the template library) and ``drafts.csv``
(text,template,templated) from the data folder, checks every draft against the
library and prints precision, recall and F1 of ``templated`` (level warn or high)
at the given threshold (default: ``model.similarity.DEFAULT_THRESHOLDS``), ROC AUC
of the score, and a table of per-draft scores. Writes ``metrics.json`` with
``--metrics``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.metrics import precision_recall_fscore_support, roc_auc_score  # noqa: E402

from model.similarity import DEFAULT_THRESHOLDS, SimilarityIndex, Thresholds  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "templates"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def evaluate(data: Path, thresholds: Thresholds) -> dict:
    library = read_csv(data / "library.csv")
    drafts = read_csv(data / "drafts.csv")
    index = SimilarityIndex()
    index.add_many((row["id"], row["text"], "template") for row in library)
    rows = []
    started = time.perf_counter()
    for row in drafts:
        result = index.check(row["text"], thresholds)
        rows.append({
            "text": row["text"],
            "label": int(row["templated"]),
            "subject": row.get("template", ""),
            "score": result["score"],
            "level": result["level"],
            "templated": int(result["level"] != "ok"),
            "nearest": result["nearest"]["id"] if result["nearest"] else "",
        })
    elapsed = time.perf_counter() - started
    y = [r["label"] for r in rows]
    pred = [r["templated"] for r in rows]
    p, r, f1, _ = precision_recall_fscore_support(
        y, pred, average="binary", zero_division=0
    )
    auc = roc_auc_score(y, [r["score"] for r in rows]) if len(set(y)) == 2 else float("nan")
    return {
        "library": len(library),
        "drafts": len(drafts),
        "warn": thresholds.warn,
        "high": thresholds.high,
        "precision": round(float(p), 4),
        "recall": round(float(r), 4),
        "f1": round(float(f1), 4),
        "roc_auc": round(float(auc), 4),
        "drafts_per_second": round(len(drafts) / elapsed, 1) if elapsed else None,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with library.csv and drafts.csv")
    parser.add_argument("--warn", type=float, default=DEFAULT_THRESHOLDS.warn,
                        help="score from which a draft counts as templated")
    parser.add_argument("--high", type=float, default=None,
                        help="score for the strong warning (default: max(warn, default high))")
    parser.add_argument("--metrics", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    high = args.high if args.high is not None else max(args.warn, DEFAULT_THRESHOLDS.high)
    m = evaluate(args.data, Thresholds(args.warn, high))

    print(f"library: {m['library']} templates, drafts: {m['drafts']}, "
          f"thresholds: warn {m['warn']}, high {m['high']}")
    print()
    print(f"{'label':>5} {'score':>6} {'level':>5} {'nearest':>8} {'subject':>8}  draft")
    for r in m["rows"]:
        text = r["text"] if len(r["text"]) <= 70 else r["text"][:67] + "..."
        flag = "" if r["templated"] == r["label"] else "  <-- wrong"
        print(f"{r['label']:>5} {r['score']:>6.3f} {r['level']:>5} {r['nearest']:>8} "
              f"{r['subject']:>8}  {text}{flag}")
    print()
    print("| metric | value |")
    print("|---|---|")
    for key in ("precision", "recall", "f1", "roc_auc", "drafts_per_second"):
        print(f"| {key} | {m[key]} |")
    pos = [r["score"] for r in m["rows"] if r["label"]]
    neg = [r["score"] for r in m["rows"] if not r["label"]]
    if pos and neg:
        print(f"| lowest templated score | {min(pos):.3f} |")
        print(f"| highest personal score | {max(neg):.3f} |")
    if args.metrics:
        args.metrics.write_text(
            json.dumps({k: v for k, v in m.items() if k != "rows"}, indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
