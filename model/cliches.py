"""Bureaucratic phrases (канцелярит) and canned formulas in a reply draft.

The built-in list is ``model/data/cliches.tsv``: one phrase and a plainer
alternative per line, tab-separated. Phrases are matched on lemmas, so
«приносим извинения» also finds «приносим свои извинения», «приносят извинения»;
one extra word may stand between two words of a phrase («ваше обращение *уже*
зарегистрировано»), never a sentence end, nor between a preposition and its noun
(«в первом случае» is no «в случае»). Where phrases overlap, the longest wins,
so «приносим извинения за доставленные неудобства» is one finding, not three.

Idioms made of a cliché's words are no cliché: «в любом случае» is not «в случае»
(→ «если»), «попал в цель» is not «в целях» (the same lemmas). They are listed in the
same file as lines ``!idiom``, matched as written (lower case, ``ё`` as ``е``, no word
between), and a cliché that shares a word with one is not reported.

Trainers extend or override the list with a file of the same format (the companion
passes ``<data dir>/cliches.tsv``); a phrase in that file replaces the built-in
alternative of the same phrase, an empty alternative silences a built-in phrase, and
``!idiom`` lines add idioms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from model.draft_text import Token, lemma_sequence, surface_sequence, tokenize

__all__ = [
    "BUILTIN_PATH", "Cliche", "compile_phrases", "find_cliches", "find_phrases",
    "load_cliches", "load_idioms",
]

BUILTIN_PATH = Path(__file__).resolve().parent / "data" / "cliches.tsv"
# Words allowed between two words of a phrase.
MAX_GAP = 1
# Full-width ones too: offsets point at the text as typed, not at the cleaned one.
_BREAK = re.compile(r"[.!?…\n\u2029\uff01\uff0e\uff1f;]")


@dataclass(frozen=True, slots=True)
class Cliche:
    phrase: str
    alternative: str
    lemmas: tuple[str, ...]


def _parse(text: str, source: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(phrase, alternative) pairs and idioms (``!`` lines) of one file."""
    out, idioms = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.lstrip().startswith("!"):
            idiom = line.strip()[1:].strip()
            if not idiom or "\t" in idiom:
                raise ValueError(f"{source}:{number}: expected '!idiom' (words, no tab)")
            idioms.append(idiom)
            continue
        phrase, sep, alternative = line.partition("\t")
        if not sep:
            raise ValueError(f"{source}:{number}: expected 'phrase<TAB>alternative'")
        out.append((phrase.strip(), alternative.strip()))
    return out, idioms


def _extra_key(extra_path: Path | None) -> tuple[str, int, int] | None:
    if extra_path is not None:
        extra_path = Path(extra_path)
        if extra_path.is_file():
            stat = extra_path.stat()
            return (str(extra_path), stat.st_mtime_ns, stat.st_size)
    return None


def load_cliches(extra_path: Path | None = None) -> tuple[Cliche, ...]:
    """The built-in list, then ``extra_path`` (if it exists) on top of it."""
    return _load(_extra_key(extra_path))[0]


def load_idioms(extra_path: Path | None = None) -> tuple[tuple[str, ...], ...]:
    """The idioms that are no cliché, as word sequences (built-in and ``extra_path``)."""
    return _load(_extra_key(extra_path))[1]


@lru_cache(maxsize=8)
def _load(
    extra_key: tuple[str, int, int] | None,
) -> tuple[tuple[Cliche, ...], tuple[tuple[str, ...], ...]]:
    entries: dict[tuple[str, ...], Cliche] = {}
    idioms: set[tuple[str, ...]] = set()

    def put(pairs: list[tuple[str, str]], override: bool) -> None:
        for phrase, alternative in pairs:
            lemmas = lemma_sequence(phrase)
            if not lemmas:
                continue
            if override and not alternative:
                entries.pop(lemmas, None)
            elif override or lemmas not in entries:
                entries[lemmas] = Cliche(phrase, alternative, lemmas)

    sources = [(BUILTIN_PATH.read_text(encoding="utf-8"), BUILTIN_PATH.name, False)]
    if extra_key is not None:
        path = Path(extra_key[0])
        sources.append((path.read_text(encoding="utf-8-sig"), str(path), True))
    for text, name, override in sources:
        pairs, idiom_lines = _parse(text, name)
        put(pairs, override)
        idioms.update(seq for seq in map(surface_sequence, idiom_lines) if seq)
    # Longest first: the longest phrase starting at a word wins.
    return (tuple(sorted(entries.values(), key=lambda c: -len(c.lemmas))),
            tuple(sorted(idioms)))


@lru_cache(maxsize=8)
def _by_first(cliches: tuple[Cliche, ...]) -> dict[str, list[Cliche]]:
    index: dict[str, list[Cliche]] = {}
    for c in cliches:
        index.setdefault(c.lemmas[0], []).append(c)
    return index


@lru_cache(maxsize=1024)
def _gap_allowed(before: str, after: str) -> bool:
    """May a word stand between these two words of a phrase? Not between a preposition
    and its noun: the word would be the noun's own modifier, and «в первом случае»,
    «по этой причине», «с какой целью» are plain speech, not «в случае», «по причине»,
    «с целью». Between a preposition and an adjective it may («за все доставленные
    неудобства»)."""
    from model.lemmas import analyzer

    morph = analyzer()
    return not (morph.parse(before)[0].tag.POS == "PREP"
                and morph.parse(after)[0].tag.POS == "NOUN")


def _match(text: str, tokens: tuple[Token, ...], i: int, lemmas: tuple[str, ...]) -> int | None:
    """Index of the last token of ``lemmas`` matched from token ``i``, or None."""
    pos = i
    for before, lem in zip(lemmas, lemmas[1:], strict=False):
        for step in range(1, (MAX_GAP if _gap_allowed(before, lem) else 0) + 2):
            j = pos + step
            if j >= len(tokens) or _BREAK.search(text, tokens[j - 1].end, tokens[j].start):
                return None
            if tokens[j].lemma == lem:
                pos = j
                break
        else:
            return None
    return pos


@lru_cache(maxsize=8)
def _idioms_by_first(idioms: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for seq in idioms:
        index.setdefault(seq[0], []).append(seq)
    return index


def _idiom_tokens(
    text: str, tokens: tuple[Token, ...], idioms: tuple[tuple[str, ...], ...]
) -> set[int]:
    """Indices of the tokens that belong to an idiom (``!`` lines), matched as written."""
    index = _idioms_by_first(idioms)
    words = [t.text.lower().replace("ё", "е") for t in tokens]
    inside: set[int] = set()
    for i, word in enumerate(words):
        for seq in index.get(word, ()):
            j = i + len(seq)
            if tuple(words[i:j]) == seq and not any(
                _BREAK.search(text, tokens[k - 1].end, tokens[k].start) for k in range(i + 1, j)
            ):
                inside.update(range(i, j))
    return inside


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


def find_phrases(
    text: str, phrases: tuple[Cliche, ...], idioms: tuple[tuple[str, ...], ...] = ()
) -> list[dict]:
    """Occurrences of ``phrases`` in ``text``: ``{"phrase", "start", "end", "alternative"}``,
    in text order; overlapping phrases: the longest wins.

    ``start``/``end`` are character offsets in ``text`` as given. A phrase that shares
    a word with one of ``idioms`` (word sequences matched as written, e.g. «в любом
    случае») is not matched there.
    """
    index = _by_first(phrases)
    tokens = tokenize(text)
    idiom = _idiom_tokens(text, tokens, idioms) if idioms else set()
    out = []
    i = 0
    while i < len(tokens):
        for cliche in index.get(tokens[i].lemma, ()):
            last = _match(text, tokens, i, cliche.lemmas)
            if last is not None and idiom and not idiom.isdisjoint(range(i, last + 1)):
                continue
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

    ``start``/``end`` are character offsets in ``text`` as given. A cliché that shares
    a word with an idiom of the list («в любом случае») is not one.
    """
    cliches, idioms = _load(_extra_key(extra_path))  # one look at the trainer's file
    return find_phrases(text, cliches, idioms)
