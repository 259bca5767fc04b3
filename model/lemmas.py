"""Lemmas with pymorphy3, cached: comments repeat the same words all day.

A shipped table (``model/data/lemmas.tsv``, built by ``scripts/build_lemma_table.py``
with the same pymorphy3 rule) answers for ~33,000 frequent words without a parse: a
parse costs ~35 µs a word, and a companion's lemma cache starts empty each day.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

import pymorphy3

__all__ = ["TABLE_PATH", "analyzer", "has_cyrillic", "lemma", "lemmas", "morph_versions",
           "parsed_lemma", "table", "word_lemmas", "words"]

_WORD = re.compile(r"[а-яёa-z0-9]+(?:-[а-яёa-z0-9]+)*", re.IGNORECASE)
TABLE_PATH = Path(__file__).resolve().parent / "data" / "lemmas.tsv"
VERSIONS_TAG = "# versions: "


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The shared analyzer; loading the dictionaries takes tens of milliseconds."""
    return pymorphy3.MorphAnalyzer()


def morph_versions() -> dict[str, str]:
    """The installed pymorphy3 and pymorphy3-dicts-ru versions: what a lemma depends on."""
    import pymorphy3_dicts_ru

    return {"pymorphy3": pymorphy3.__version__,
            "pymorphy3-dicts-ru": pymorphy3_dicts_ru.__version__}


def has_cyrillic(word: str) -> bool:
    """A lower-case word with a Cyrillic letter (а-я): the only words pymorphy3 parses."""
    return any("а" <= ch <= "я" for ch in word)


def parsed_lemma(word: str) -> str:
    """pymorphy3's lemma of one lower-cased, ё-folded Cyrillic word: its most probable
    parse's normal form, ё folded to е (no table, no cache)."""
    return analyzer().parse(word)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=1)
def table(path: Path = TABLE_PATH) -> dict[str, str]:
    """word -> lemma from ``path`` (interned lemmas), or {} when the installed pymorphy3
    or its dictionary is not the one that built it (their lemmas could differ) or the
    file is missing. Read once, on the first lemma asked for (~20 ms, ~5 MB)."""
    versions = " ".join(f"{k}={v}" for k, v in morph_versions().items())
    out: dict[str, str] = {}
    intern = sys.intern
    checked = False  # the header named the installed versions
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:  # line by line: no copy of the whole file at once
                line = line.rstrip("\n")
                if line.startswith("#"):
                    if line.startswith(VERSIONS_TAG):
                        checked = line[len(VERSIONS_TAG):] == versions
                    continue
                if not checked:
                    return {}
                if line:
                    word, _, lem = line.partition("\t")
                    out[word] = intern(lem or word)
    except FileNotFoundError:
        return {}
    return out


# 40,000 words: with the table behind it, a cache miss of a frequent word costs a dict
# lookup, not a parse, and the table's ~5 MB are what 20,000 more entries took (~260
# bytes each) when this held 60,000.
@lru_cache(maxsize=40_000)
def lemma(word: str) -> str:
    """Normal form of one word (its most probable parse), lower case, ё folded to е:
    the shipped table's for a word it holds, else pymorphy3's.

    Interned: the models look every lemma up in vocabularies whose terms are interned
    too (``model.artifacts``), and a lookup that finds the very same string object
    need not read the key's characters (a cache miss each, after the tone model has
    run: a quarter of the lookup time).
    """
    word = word.lower().replace("ё", "е")
    if not word or not has_cyrillic(word):
        return sys.intern(word)  # the table is not read for these (the draft checks')
    known = table().get(word)
    return known if known is not None else sys.intern(parsed_lemma(word))


def words(text: str) -> list[str]:
    """Lower-cased word tokens (Cyrillic, Latin, digits, inner hyphens), ё folded to е."""
    return [w.lower().replace("ё", "е") for w in _WORD.findall(text)]


@lru_cache(maxsize=2048)
def word_lemmas(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words, their lemmas) of ``text``, cached: the tone model and persona both read
    every normalised comment, and this is most of what reading costs them."""
    ws = tuple(words(text))
    return ws, tuple(map(lemma, ws))


def lemmas(text: str) -> list[str]:
    """Lemmas of every word of ``text``, in order."""
    return [lemma(w) for w in words(text)]
