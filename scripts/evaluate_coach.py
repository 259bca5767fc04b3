"""Precision and recall of each reply-coach item on the written evaluation set.

    python scripts/evaluate_coach.py [--data FILE ...] [--write] [--errors]

The sets (our own writing) hold comments with their tone, persona and author, and
replies with the items each does NOT meet: ``tests/data/coach_eval.json`` (101 replies;
the rules' cues and thresholds were set on it) and ``tests/data/coach_heldout.json``
(35 replies written afterwards and never used to change a rule). Every reply is
reviewed by ``model.coach.review`` (all items, hidden ones too); the template item is
judged against the set's own template library, as the draft check judges against the
team's. Prints per item (``persona_fit`` also per persona): replies it applied to,
precision and recall of "not met" (the warning an operator acts on), precision of
"met", and whether the item is shown: both precisions at least
``model.coach.MIN_PRECISION`` (0.8, "wrong at most one time in five").

``--write`` stores the table in ``model/data/coach_quality.json``, which the coach
reads to hide items below the bar; it is computed on all the sets given (by default
both). ``--errors`` lists every wrong verdict.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import coach  # noqa: E402
from model.similarity import DEFAULT_THRESHOLDS, SimilarityIndex  # noqa: E402

DEFAULT_DATA = ROOT / "tests" / "data" / "coach_eval.json"
HELDOUT_DATA = ROOT / "tests" / "data" / "coach_heldout.json"


def load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SystemExit(f"{path}: cannot read the evaluation set ({exc})") from None
    for i, c in enumerate(data.get("comments", [])):
        for j, r in enumerate(c.get("replies", [])):
            for item in r.get("unmet", []):
                if item not in coach.CHECKS:
                    raise SystemExit(
                        f"{path}: comments[{i}].replies[{j}].unmet: unknown item {item!r}"
                    )
    return data


def verdicts(data: dict) -> list[dict]:
    """One row per (reply, item): key, gold met, predicted met, reply text."""
    index = SimilarityIndex()
    index.add_many((f"t{i}", t, "template") for i, t in enumerate(data.get("templates", [])))
    rows = []
    for c in data["comments"]:
        comment = {k: c.get(k) for k in ("text", "tone", "persona", "author_name")}
        for r in c["replies"]:
            template = index.check(r["text"], DEFAULT_THRESHOLDS)
            result = coach.review(r["text"], comment, template=template, show_all=True)
            unmet = set(r.get("unmet", []))
            for item in result["items"]:
                rows.append({
                    "key": item["key"],
                    "id": item["id"],
                    "gold": item["id"] not in unmet,
                    "pred": item["met"],
                    "reason": item["reason"],
                    "text": r["text"],
                    "comment": c["id"],
                })
            judged = {i["id"] for i in result["items"]}
            stray = unmet - judged
            if stray:
                raise SystemExit(
                    f"comment {c['id']}: gold marks {sorted(stray)} unmet but the coach did not "
                    f"judge them for this comment "
                    f"(tone {c.get('tone')}, persona {c.get('persona')})"
                )
    return rows


def table(rows: list[dict]) -> dict[str, dict]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        keys = [row["key"]] + (["persona_fit"] if row["key"] != row["id"] else [])
        for key in keys:
            c = counts[key]
            c["n"] += 1
            if not row["pred"] and not row["gold"]:
                c["tp"] += 1  # "not met" said and true
            elif not row["pred"]:
                c["fp"] += 1
            elif not row["gold"]:
                c["fn"] += 1
            else:
                c["tn"] += 1
    out = {}
    for key, c in counts.items():
        said_unmet, gold_unmet, said_met = c["tp"] + c["fp"], c["tp"] + c["fn"], c["tn"] + c["fn"]
        p_unmet = c["tp"] / said_unmet if said_unmet else None
        r_unmet = c["tp"] / gold_unmet if gold_unmet else None
        p_met = c["tn"] / said_met if said_met else None
        shown = all(p is None or p >= coach.MIN_PRECISION for p in (p_unmet, p_met))
        out[key] = {
            "n": c["n"], "unmet_gold": gold_unmet, "unmet_said": said_unmet,
            "precision_unmet": _r(p_unmet), "recall_unmet": _r(r_unmet),
            "precision_met": _r(p_met), "shown": shown,
        }
    return dict(sorted(out.items(), key=lambda kv: _order(kv[0])))


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _order(key: str) -> tuple[int, str]:
    base = key.split(".")[0]
    return coach.CHECKS.index(base), key


def _fmt(x: float | None) -> str:
    return "   —" if x is None else f"{x:4.2f}"


def print_table(title: str, data: dict, rows: list[dict], result: dict) -> None:
    replies = sum(len(c["replies"]) for c in data["comments"])
    print(f"{title}: {replies} replies to {len(data['comments'])} comments, "
          f"{len(rows)} verdicts")
    print(f"{'item':24} {'n':>4} {'unmet':>5} {'P(unmet)':>8} {'R(unmet)':>8} {'P(met)':>7}  shown")
    for key, m in result.items():
        print(f"{key:24} {m['n']:4d} {m['unmet_gold']:5d} {_fmt(m['precision_unmet']):>8} "
              f"{_fmt(m['recall_unmet']):>8} {_fmt(m['precision_met']):>7}  "
              f"{'yes' if m['shown'] else 'NO'}")
    accuracy = sum(r["gold"] == r["pred"] for r in rows) / len(rows)
    print(f"all verdicts: accuracy {accuracy:.3f}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, nargs="+", default=[DEFAULT_DATA, HELDOUT_DATA])
    ap.add_argument("--write", action="store_true", help="store the table for the coach")
    ap.add_argument("--errors", action="store_true", help="list every wrong verdict")
    args = ap.parse_args(argv)
    data: dict = {"comments": []}
    rows: list[dict] = []
    for path in args.data:
        one = load(path)
        one_rows = verdicts(one)
        print_table(path.name, one, one_rows, table(one_rows))
        data["comments"] += one["comments"]
        rows += one_rows
    result = table(rows)
    if len(args.data) > 1:
        print_table("all sets", data, rows, result)
    if args.errors:
        for r in rows:
            if r["gold"] != r["pred"]:
                said = "met" if r["pred"] else "NOT met"
                print(f"- {r['comment']} {r['key']}: said {said}: "
                      f"{r['text'][:90]!r} ({r['reason']})")
    if args.write:
        coach.QUALITY_PATH.write_text(json.dumps({
            "source": "scripts/evaluate_coach.py on "
                      + ", ".join(str(p.relative_to(ROOT)) for p in args.data),
            "replies": sum(len(c["replies"]) for c in data["comments"]),
            "min_precision": coach.MIN_PRECISION,
            "items": result,
        }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {coach.QUALITY_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
