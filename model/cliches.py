"""Bureaucratic phrases (канцелярит) and canned formulas in a reply draft.

The built-in list is ``model/data/cliches.tsv``: one phrase and a plainer
alternative per line, tab-separated. Phrases are matched on lemmas, so
«приносим извинения» also finds «приносим свои извинения», «приносят извинения»;
one extra word may stand between two words of a phrase («ваше обращение *уже*
зарегистрировано»), never a sentence end. Where phrases overlap, the longest wins,
so «приносим извинения за доставленные неудобства» is one finding, not three.

Trainers extend or override the list with a file of the same format (the companion
passes ``<data dir>/cliches.tsv``); a phrase in that file replaces the built-in
alternative of the same phrase, and an empty alternative silences a built-in phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from model.draft_text import Token, lemma_sequence, tokenize

__all__ = [
    "BUILTIN_PATH", "Cliche", "compile_phrases", "find_cliches", "find_phrases", "load_cliches",
]

BUILTIN_PATH = Path(__file__).resolve().parent / "data" / "cliches.tsv"
# Words allowed between two words of a phrase.
MAX_GAP = 1
_BREAK = re.compile(r"[.!?…\n;]")


@dataclass(frozen=True, slots=True)
class Cliche:
    phrase: str
    alternative: str
    lemmas: tuple[str, ...]


def _parse(text: str, source: str) -> list[tuple[str, str]]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        phrase, sep, alternative = line.partition("\t")
        if not sep:
            raise ValueError(f"{source}:{number}: expected 'phrase<TAB>alternative'")
        out.append((phrase.strip(), alternative.strip()))
    return out


def load_cliches(extra_path: Path | None = None) -> tuple[Cliche, ...]:
    """The built-in list, then ``extra_path`` (if it exists) on top of it."""
    extra_key = None
    if extra_path is not None:
        extra_path = Path(extra_path)
        if extra_path.is_file():
            stat = extra_path.stat()
            extra_key = (str(extra_path), stat.st_mtime_ns, stat.st_size)
    return _load(extra_key)


@lru_cache(maxsize=8)
def _load(extra_key: tuple[str, int, int] | None) -> tuple[Cliche, ...]:
    entries: dict[tuple[str, ...], Cliche] = {}

    def put(pairs: list[tuple[str, str]], override: bool) -> None:
        for phrase, alternative in pairs:
            lemmas = lemma_sequence(phrase)
            if not lemmas:
                continue
            if override and not alternative:
                entries.pop(lemmas, None)
            elif override or lemmas not in entries:
                entries[lemmas] = Cliche(phrase, alternative, lemmas)

    put(_parse(BUILTIN_PATH.read_text(encoding="utf-8"), BUILTIN_PATH.name), override=False)
    if extra_key is not None:
        path = Path(extra_key[0])
        put(_parse(path.read_text(encoding="utf-8-sig"), str(path)), override=True)
    # Longest first: the longest phrase starting at a word wins.
    return tuple(sorted(entries.values(), key=lambda c: -len(c.lemmas)))


@lru_cache(maxsize=8)
def _by_first(cliches: tuple[Cliche, ...]) -> dict[str, list[Cliche]]:
    index: dict[str, list[Cliche]] = {}
    for c in cliches:
        index.setdefault(c.lemmas[0], []).append(c)
    return index


def _match(text: str, tokens: tuple[Token, ...], i: int, lemmas: tuple[str, ...]) -> int | None:
    """Index of the last token of ``lemmas`` matched from token ``i``, or None."""
    pos = i
    for lem in lemmas[1:]:
        for step in range(1, MAX_GAP + 2):
            j = pos + step
            if j >= len(tokens) or _BREAK.search(text, tokens[j - 1].end, tokens[j].start):
                return None
            if tokens[j].lemma == lem:
                pos = j
                break
        else:
            return None
    return pos


def compile_phrases(phrases: tuple[str, ...]) -> tuple[Cliche, ...]:
    """Phrases to match the way clichés are matched (lemmas, one gap), longest first.

    Used by the reply coach for its cue lists (``model.coach``).
    """
    return _compile(tuple(phrases))


@lru_cache(maxsize=256)
def _compile(phrases: tuple[str, ...]) -> tuple[Cliche, ...]:
    entries = {}
    for phrase in phrases:
        lemmas = lemma_sequence(phrase)
        if lemmas and lemmas not in entries:
            entries[lemmas] = Cliche(phrase, "", lemmas)
    return tuple(sorted(entries.values(), key=lambda c: -len(c.lemmas)))


def find_phrases(text: str, phrases: tuple[Cliche, ...]) -> list[dict]:
    """Occurrences of ``phrases`` in ``text``: ``{"phrase", "start", "end", "alternative"}``,
    in text order; overlapping phrases: the longest wins.

    ``start``/``end`` are character offsets in ``text`` as given.
    """
    index = _by_first(phrases)
    tokens = tokenize(text)
    out = []
    i = 0
    while i < len(tokens):
        for cliche in index.get(tokens[i].lemma, ()):
            last = _match(text, tokens, i, cliche.lemmas)
            if last is not None:
                out.append({
                    "phrase": cliche.phrase,
                    "start": tokens[i].start,
                    "end": tokens[last].end,
                    "alternative": cliche.alternative,
                })
                i = last + 1
                break
        else:
            i += 1
    return out


def find_cliches(text: str, extra_path: Path | None = None) -> list[dict]:
    """Clichés in ``text``: ``{"phrase", "start", "end", "alternative"}``, in text order.

    ``start``/``end`` are character offsets in ``text`` as given.
    """
    return find_phrases(text, load_cliches(extra_path))
