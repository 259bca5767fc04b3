"""Lemmas with pymorphy3, cached: comments repeat the same words all day."""

from __future__ import annotations

import re
import sys
from functools import lru_cache

import pymorphy3

_WORD = re.compile(r"[а-яёa-z0-9]+(?:-[а-яёa-z0-9]+)*", re.IGNORECASE)


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The shared analyzer; loading the dictionaries takes tens of milliseconds."""
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=60_000)
def lemma(word: str) -> str:
    """Normal form of one lower-cased word (its most probable parse).

    Interned: the models look every lemma up in vocabularies whose terms are interned
    too (``model.artifacts``), and a lookup that finds the very same string object
    need not read the key's characters (a cache miss each, after the tone model has
    run: a quarter of the lookup time).
    """
    word = word.lower().replace("ё", "е")
    if not word or not any("а" <= ch <= "я" for ch in word):
        return sys.intern(word)
    return sys.intern(analyzer().parse(word)[0].normal_form.replace("ё", "е"))


def words(text: str) -> list[str]:
    """Lower-cased word tokens (Cyrillic, Latin, digits, inner hyphens), ё folded to е."""
    return [w.lower().replace("ё", "е") for w in _WORD.findall(text)]


@lru_cache(maxsize=2048)
def word_lemmas(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words, their lemmas) of ``text``, cached: the tone model and persona both read
    every normalised comment, and this is most of what reading costs them."""
    ws = tuple(words(text))
    return ws, tuple(lemma(w) for w in ws)


def lemmas(text: str) -> list[str]:
    """Lemmas of every word of ``text``, in order."""
    return [lemma(w) for w in words(text)]
