"""Labels of a fixed sample of corpus comments, to compare two checkouts.

    python scripts/compare_labels.py --dump OUT.jsonl [--n 5000] [--data ../shared/data]
    python scripts/compare_labels.py --compare A.jsonl B.jsonl

``--dump`` runs ``companion.analysis.analyze`` (tone, gratitude, persona) of the
checkout it is run from (``PYTHONPATH`` decides which) on ``--n`` comments drawn
with a fixed seed from the social-media corpora in ``../shared/data`` (RuSentiment,
SentiRuEval-2015, toxic_ru) and writes one JSON line per comment. ``--compare``
prints how many labels differ, per field, and a few examples. Used to see what a
change of ``model.normalize`` does to models trained on the old normalisation.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SOURCES = ("rusentiment/train.csv", "sentirueval2015/telecom_train.csv",
           "sentirueval2015/banks_train.csv", "toxic_ru/train.csv")
FIELDS = ("tone", "gratitude", "persona")


def sample(n: int, data: Path = DATA) -> list[str]:
    texts = []
    for name in SOURCES:
        with (data / name).open(encoding="utf-8", newline="") as fh:
            texts += [row["text"] for row in csv.DictReader(fh) if row.get("text")]
    random.Random(16).shuffle(texts)
    return texts[:n]


def dump(out: Path, n: int, data: Path = DATA) -> None:
    from companion.analysis import analyze

    texts = sample(n, data)
    with tempfile.TemporaryDirectory() as home, out.open("w", encoding="utf-8") as fh:
        for lo in range(0, len(texts), 100):
            batch = texts[lo:lo + 100]
            results = analyze([{"id": str(lo + i), "text": t} for i, t in enumerate(batch)],
                              Path(home))
            for text, r in zip(batch, results, strict=True):
                fh.write(json.dumps({"text": text, "tone": r["tone"]["label"],
                                     "gratitude": r["gratitude"],
                                     "persona": r["persona"]["label"]},
                                    ensure_ascii=False) + "\n")


def compare(a: Path, b: Path) -> None:
    rows_a = [json.loads(line) for line in a.open(encoding="utf-8")]
    rows_b = [json.loads(line) for line in b.open(encoding="utf-8")]
    print(f"{len(rows_a)} comments")
    for field in FIELDS:
        diff = [(x, y) for x, y in zip(rows_a, rows_b, strict=True) if x[field] != y[field]]
        print(f"{field:10} {len(diff):5} differ ({len(diff) / len(rows_a):.2%})")
        for x, y in diff[:5]:
            print(f"    {x[field]} -> {y[field]}: {x['text'][:90]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--data", type=Path, default=DATA, help="../shared/data")
    parser.add_argument("--compare", type=Path, nargs=2)
    args = parser.parse_args(argv)
    if args.dump:
        dump(args.dump, args.n, args.data)
    elif args.compare:
        compare(*args.compare)
    else:
        parser.error("--dump or --compare")
    return 0


if __name__ == "__main__":
    sys.exit(main())
