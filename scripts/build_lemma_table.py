"""Build ``model/data/lemmas.tsv``: the lemmas of frequent words, which ``model.lemmas``
reads before asking pymorphy3 (a parse costs ~35 µs a word; comments to a brand
repeat the same few thousand words, and a companion's lemma cache starts empty).

    python scripts/build_lemma_table.py [--output model/data/lemmas.tsv]

The words: every word of ``model/data/word_frequencies.tsv`` (CEDR and
OpenSentimentCorpus, words pymorphy3 knows) and the single Cyrillic words and lemmas
of the shipped tone model's vocabularies (``tone_v2``: its word and term TF-IDF,
which the artifact ships already). Each word's lemma is ``model.lemmas``' own rule,
the first parse's normal form with ``ё`` folded to ``е``, by the installed pymorphy3
and pymorphy3-dicts-ru, whose versions the header names: ``model.lemmas`` reads the
table only under the same versions, and ``tests/test_lemmas.py`` checks every entry
against pymorphy3. Deterministic: the same inputs and versions give the same file.
Rerun after a dictionary update or a retrained tone model.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model import lemmas, tone  # noqa: E402
from model.hashtags import FREQUENCIES_PATH  # noqa: E402

HEADER = """\
# Lemmas of frequent words, read by model.lemmas before pymorphy3 (a parse is ~35 us).
# Built by scripts/build_lemma_table.py: the first parse's normal form, ё folded to е,
# of the words of model/data/word_frequencies.tsv (CEDR, Apache-2.0; OpenSentimentCorpus,
# CC BY-SA 3.0: shared alike) and the single words and lemmas of tone_v2's vocabularies.
# word<TAB>lemma, or the word alone where it is its own lemma; sorted.
"""


def table_words() -> set[str]:
    """The words the table holds: lower case, ``ё`` folded, with a Cyrillic letter."""
    out = set()
    with FREQUENCIES_PATH.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#") and line.strip():
                out.add(line.split("\t", 1)[0])
    pipe, _ = tone.load_model(tone.SHIPPED_PATH)
    for name, vec in pipe.steps[-2][1].transformer_list:
        if name in ("word", "terms"):
            out.update(t for t in vec.vocabulary_ if " " not in t and not t.startswith("xx"))
    words = {w.lower().replace("ё", "е") for w in out}
    return {w for w in words if lemmas.has_cyrillic(w) and lemmas.words(w) == [w]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=lemmas.TABLE_PATH)
    args = ap.parse_args()
    words = sorted(table_words())
    rows = []
    for w in words:
        lem = lemmas.parsed_lemma(w)
        rows.append(w if lem == w else f"{w}\t{lem}")
    versions = " ".join(f"{k}={v}" for k, v in lemmas.morph_versions().items())
    text = HEADER + f"{lemmas.VERSIONS_TAG}{versions}\n" + "\n".join(rows) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {len(rows)} words ({versions})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
