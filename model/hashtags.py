"""Hashtags split into words: «#верниденьги» → «верни деньги».

People glue words in hashtags (#верниденьги, #позормегафон, #ВерниДеньги,
#мтс_помогает), and a glued word is in no lexicon. The split is dictionary-driven:

- case changes («ВерниДеньги»), digits and ``_`` split first, as written;
- each remaining lower-case Cyrillic run is split by the most probable sequence of
  words (Viterbi over a unigram model): a word's cost is ``-log`` of its frequency in
  ``model/data/word_frequencies.tsv`` (built by ``scripts/build_word_frequencies.py``
  from CEDR and OpenSentimentCorpus); a word pymorphy3's dictionary knows but the
  list lacks counts as seen ``UNSEEN_COUNT`` times; a run no dictionary knows costs
  more per letter than any split into known words, so it stays whole when nothing
  better exists («мегател» in «#позормегател»).

Only spaces are inserted: the letters and their order stay as written, so a caller
can keep offsets into the original text.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

from model.lemmas import analyzer

__all__ = ["FREQUENCIES_PATH", "split_hashtag"]

FREQUENCIES_PATH = Path(__file__).resolve().parent / "data" / "word_frequencies.tsv"
UNSEEN_COUNT = 0.3  # a dictionary word the corpora never showed
MAX_WORD = 24  # longer pieces are never looked up (no Russian word form is that long)
MAX_RUN = 80  # a longer run of letters is no hashtag of words; the split stays cheap
# Cost per letter of a piece no dictionary knows (a name, a brand, a typo), on top of
# the cost of the rarest word: high enough that a known word of five letters or more
# splits off an unknown run («позор|мегател»), low enough that the run is not cut
# into known scraps («мега|тел»).
UNKNOWN_PER_LETTER = 3.2
# The one-letter words; any other letter alone is no word («м|е|г|а»).
ONE_LETTER_WORDS = frozenset("вкоусиая")
# Pieces pymorphy3 knows but that are mostly abbreviations or letters («мг», «аб»):
# a piece shorter than this must be in the frequency list.
MIN_DICT_ONLY = 3

_PARTS = re.compile(r"[А-ЯЁ]+(?![а-яё])|[А-ЯЁ]?[а-яё]+|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\W\d_]+")


@lru_cache(maxsize=1)
def _frequencies() -> tuple[dict[str, float], float]:
    counts: dict[str, float] = {}
    for line in FREQUENCIES_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, n = line.partition("\t")
            counts[word] = float(n)
    return counts, float(sum(counts.values()))


@lru_cache(maxsize=200_000)
def _cost(piece: str) -> float:
    counts, total = _frequencies()
    n = counts.get(piece) if len(piece) > 1 or piece in ONE_LETTER_WORDS else None
    if n is None and len(piece) >= MIN_DICT_ONLY and analyzer().word_is_known(piece):
        n = UNSEEN_COUNT
    if n is None:
        return math.log(total) + UNKNOWN_PER_LETTER * len(piece)
    return math.log(total / n)


def _split_run(run: str) -> list[int]:
    """Lengths of the words of one lower-case Cyrillic run, by the cheapest split."""
    n = len(run)
    best = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_WORD), end):
            if best[start] == math.inf:
                continue
            cost = best[start] + _cost(run[start:end])
            if cost < best[end]:
                best[end], back[end] = cost, start
        if best[end] == math.inf:  # a piece longer than MAX_WORD: one unknown run
            best[end], back[end] = best[end - 1] + UNKNOWN_PER_LETTER, back[end - 1]
    lengths = []
    end = n
    while end > 0:
        lengths.append(end - back[end])
        end = back[end]
    return lengths[::-1]


@lru_cache(maxsize=4096)
def split_hashtag(tag: str) -> tuple[str, ...]:
    """The words of a hashtag's body (without ``#``), in order, as written.

    ``"".join(result)`` is ``tag`` without its ``_``; never raises.

    >>> split_hashtag("верниденьги")
    ('верни', 'деньги')
    >>> split_hashtag("ВерниДеньги2024")
    ('Верни', 'Деньги', '2024')
    """
    out: list[str] = []
    for part in _PARTS.findall(tag):
        low = part.lower().replace("ё", "е")
        if not 2 * MIN_DICT_ONLY <= len(part) <= MAX_RUN or not re.fullmatch("[а-я]+", low):
            out.append(part)
            continue
        pos = 0
        for length in _split_run(low):
            out.append(part[pos:pos + length])
            pos += length
    return tuple(out)
