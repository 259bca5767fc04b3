"""Build ``model/data/word_frequencies.tsv``: how often Russian words occur, for
splitting hashtags into words (``model.hashtags``).

    python scripts/build_word_frequencies.py [--data ../shared/data] [--min-count 2]

Counts every lower-case Cyrillic word (``ё`` folded to ``е``) of the corpora with a
license that lets us ship a derived word list: CEDR (Apache-2.0) and
OpenSentimentCorpus (``majority.csv``, CC BY-SA 3.0). A word is kept when it occurs at
least ``--min-count`` times and pymorphy3's dictionary knows it (so typos and glued
words never become "words"). Deterministic: the same data give the same file.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.lemmas import analyzer  # noqa: E402
from model.normalize import clean  # noqa: E402

OUT = ROOT / "model" / "data" / "word_frequencies.tsv"
SOURCES = (
    ("cedr/train.csv", "CEDR (Sboev et al. 2021), Apache-2.0"),
    ("opensentimentcorpus/majority.csv",
     "OpenSentimentCorpus (Poletaev et al. 2023), CC BY-SA 3.0"),
)
_WORD = re.compile(r"[а-яё]+")


def count(data: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name, _ in SOURCES:
        with (data / name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                # «#» off first: the hashtag split needs the very list built here
                text = clean(row["text"].replace("#", " ")).lower().replace("ё", "е")
                counts.update(_WORD.findall(text))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    for name, _ in SOURCES:
        if not (args.data / name).is_file():
            print(f"error: {args.data / name}: not found (--data points at ../shared/data)",
                  file=sys.stderr)
            return 2
    morph = analyzer()
    counts = count(args.data)
    kept = sorted(
        ((w, c) for w, c in counts.items() if c >= args.min_count and morph.word_is_known(w)),
        key=lambda wc: (-wc[1], wc[0]),
    )
    lines = [
        "# Word frequencies for splitting hashtags (model.hashtags); built by",
        "# scripts/build_word_frequencies.py from:",
        *(f"#   {name}: {source}" for name, source in SOURCES),
        "# word<TAB>count; words pymorphy3 knows, seen at least "
        f"{args.min_count} times. Derived from CC BY-SA 3.0 data: shared alike.",
        *(f"{w}\t{c}" for w, c in kept),
    ]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(kept)} words, {sum(c for _, c in kept)} occurrences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
