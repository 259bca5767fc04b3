"""Normalisation of social-media text (VK, Facebook, Twitter) for the text models.

Two layers, one for every check (tone, gratitude, persona, template similarity,
clichés, the dashboard), so that a fix lands everywhere:

``clean(text)`` / ``clean_map(text)``: the text as a reader sees it, in plain
characters: invisible characters out (soft hyphen, zero-width space/joiner, bidi
marks, BOM...), NFKC (styled letters: mathematical bold, full-width), one form of
quotes and dashes, look-alike letters folded to the script of their word («вoры» with
a Latin «o» → «воры»), hashtags split into words («#верниденьги» → «верни деньги»).
Case and punctuation stay; ``clean_map`` also says which original characters each
cleaned character came from, so what the operator sees (clichés, matched spans)
points at the text as typed. ``text_key`` is the cleaned text reduced to its words,
for telling two texts that read the same.

``normalize``, on top of ``clean``, turns a raw comment into lower-case text in which
the signals that matter for tone and persona, but that tokenisers would lose or
scatter, become plain marker words:

==============  ==========================================================
marker          what it replaces / marks
==============  ==========================================================
``xxuser``      a person: VK mention ``[id123|Имя]``, ``@name``
``xxclub``      a community: VK mention ``[club1|...]``, ``[public1|...]``
``xxurl``       a link (``http…``, ``www…``, ``vk.com/…``, ``site.ru/…``)
``xxpos``       a positive emoticon or emoji: ``)))``, ``:)``, ``=)``, ``:D``, 😊 ❤ 👍
``xxneg``       a negative emoticon or emoji: ``(((``, ``:(``, ``;(``, 😡 😢 👎
``xxemoji``     any other emoji
``xxlaugh``     laughter: ``ахаха``, ``хахах``, ``хехе``, ``лол``
``xxcaps``      put before a word written in capitals (4+ letters: shouting,
                not abbreviations like МТС or ВТБ)
``xxelong``     put before a word with a letter repeated 3+ times (``дааааа``),
                which is itself collapsed (``да``)
``xxexcl``      ``!!`` or more
``xxquest``     ``??`` or more (``?!`` included)
==============  ==========================================================

The markers are Latin lower-case words, so every tokeniser keeps them as words and
``model.lemmas.lemma`` leaves them unchanged. ``ё`` is folded to ``е``; whitespace
is collapsed; ordinary punctuation is kept (character n-grams use it).

A single ``)`` without an opening ``(`` before it counts as a smile, the VK habit
(«спасибо)»), while a bracketed aside «(см. выше)» stays as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

__all__ = ["MARKERS", "Cleaned", "clean", "clean_map", "normalize", "text_key"]

MARKERS = (
    "xxuser",
    "xxclub",
    "xxurl",
    "xxpos",
    "xxneg",
    "xxemoji",
    "xxlaugh",
    "xxcaps",
    "xxelong",
    "xxexcl",
    "xxquest",
)

# VK mentions: [id123|Имя], [club1|Имя], [public1|...], [event1|...]
_VK_USER = re.compile(r"\[id\d+\|[^\]]*\]")
_VK_CLUB = re.compile(r"\[(?:club|public|event)\d+\|[^\]]*\]")
_AT_USER = re.compile(r"(?<![\w@])@\w+")
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:ru|рф|com|net|org|su|by|kz|ua|me|ly|co|io)(?:/\S*)?\b",
    re.IGNORECASE,
)
_RT = re.compile(r"^\s*rt\b:?", re.IGNORECASE)

# Emoticons made of ASCII; order matters (longer first).
_POS_EMOTICON = re.compile(
    r"(?<![\w])(?:[:;=][-~^']?[)\]}D3*Pp]+|\^_*\^|<3+|xD+|XD+|хД+|ХД+)"
    r"|\){2,}"
)
_NEG_EMOTICON = re.compile(r"(?<![\w])(?:[:;=][-~']?[(\[{/\\|]+|D:|:'\()|\({2,}")

# Emoji: the positive and negative ones that carry tone; the rest are just "emoji".
POS_EMOJI = frozenset(
    "😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩😻😺😸😹😇🥳"
    "👍👌👏🙌🙏💪🤝✌🎉🎊🎁🌹🌸🌷💐✨⭐🌟☀🌞"
    "❤♥💖💕💞💓💗💙💚💛💜🧡🤍💘💝😌☺"
)
NEG_EMOJI = frozenset(
    "😞😟😠😡🤬😢😭😤😩😫😒😔😕🙁☹😣😖😓😰😱😨😧😦🥺👎💩🤮🤢🤦🙄😑😬💔😿😾"
)
_POS_EMOJI_RE = re.compile("[" + "".join(map(re.escape, sorted(POS_EMOJI))) + "]")
_NEG_EMOJI_RE = re.compile("[" + "".join(map(re.escape, sorted(NEG_EMOJI))) + "]")
# Every emoji above is at U+2600 or higher; most comments have no such character,
# and this one range check is ten times cheaper than either class above.
_SYMBOL_PLANE = re.compile("[\u2600-\U0010ffff]")
_EMOJI_RANGES = re.compile(
    "[\U0001f300-\U0001faff\U00002600-\U000027bf\U0001f000-\U0001f2ff\u2764\u2665]"
)
_EMOJI_NOISE = re.compile("[\ufe0f\u200d\U0001f3fb-\U0001f3ff]")  # variation selectors, skin tones

_LAUGH = re.compile(
    # the first letter looked at before the boundary: most positions fail at once
    r"(?=[ахло])(?<![а-яa-z])(?:а?(?:ха){2,}х?|(?:хе){2,}|(?:хи){2,}|ах(?:ах)+а?|лол|ор+у)"
    r"(?![а-яa-z])"
)
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")
_ELONG = re.compile(r"([а-яa-z])\1{2,}")
_EXCL = re.compile(r"!{2,}1*|!1{2,}")
_QUEST = re.compile(r"[?!]*\?[?!]*\?[?!]*|\?!+|!+\?")
# For _words_fast: a word (run of _WORD letters) in capitals, 4+ letters long; a word
# with a letter repeated 3+ times.
_UPPER_RUN = re.compile(r"[A-ZА-ЯЁ]{4}")
_CAPS_WORD = re.compile(r"(?<![A-Za-zА-Яа-яЁё])[A-ZА-ЯЁ]{4,}(?![A-Za-zА-Яа-яЁё])")
_ELONG_WORD = re.compile(r"(?<![a-zа-яё])[a-zа-яё]*?([а-яa-z])\1{2,}[a-zа-яё]*")
# For normalize: a link needs "://", "www." or a dot before a known top-level domain.
_URL_HINT = re.compile(r"\.(?:(?:ru|рф|com|net|org|su|by|kz|ua|me|ly|co|io)|(?<=[wW]{3}\.))", re.I)
_MARKER_RUN = re.compile(r"x(?<!\wx)(x[a-z]+)(?:\s+x\1\b)+")


# --- cleaning: what a text looks like to a reader, as plain characters ----------------
# Each step below is one kind of text that looks like Russian to a person but not to
# a program (issue 16). ``clean_map`` runs them and keeps, for every character of the
# result, the range of original characters it came from.

# Invisible characters: soft hyphen, zero-width space/non-joiner/joiner, word joiner
# and the other invisible operators, bidi marks/embeddings/isolates, BOM, Hangul
# fillers, variation selectors (emoji keep their meaning without them), tag characters.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
# The marks over a Cyrillic letter, where stress marks (acute, grave) hide.
_CYR_MARKS_RE = re.compile(r"(?<=[\u0400-\u04ff])[\u0300-\u036f]+")
_STRESS_RE = re.compile(r"(?<=[\u0400-\u04ff])[\u0300-\u036f]*[\u0300\u0301]")
# Combining marks NFKC could not compose with the letter before them: decoration
# (strike-through «з̶а̶ч̶е̶р̶к̶н̶у̶т̶о̶», «Zalgo» text), not spelling.
_MARK_RANGES = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LEFT_MARKS_RE = re.compile(f"(?<=[A-Za-z\u00c0-\u024f\u0400-\u04ff])[{_MARK_RANGES}]+")
# Kept as they are by NFKC: «№» would become the Latin «No», «…» three dots (what the
# tone model learnt, and what people mean, is the character itself), «´» a space and
# a combining accent (it is an apostrophe, below).
_NFKC_KEEP = frozenset("№…\u00b4")
# Quotes and dashes, one form each (a character for a character, so offsets stay).
_QUOTES_DOUBLE = "«»“”„‟″‶〝〞〟"
_QUOTES_SINGLE = "‘’‚‛′‵\u00b4"
_HYPHENS = "\u2010\u2011\u2012\u2043\u2212\ufe63"
_DASHES = "\u2013\u2015\u2e3a\u2e3b\ufe58"
_PUNCT_TABLE = str.maketrans(
    {**dict.fromkeys(_QUOTES_DOUBLE, '"'), **dict.fromkeys(_QUOTES_SINGLE, "'"),
     **dict.fromkeys(_HYPHENS, "-"), **dict.fromkeys(_DASHES, "—")}
)
# A dash other than «—» between two letters or digits is a hyphen («3–5», «Wi–Fi»);
# «—» itself is left as typed.
_DASH_IN_WORD = re.compile(f"(?<=[^\\W_])[{_DASHES}](?=[^\\W_])")

# Look-alike letters: Latin (and Greek) that pass for Cyrillic, and the reverse.
_LAT_CYR = dict(zip("aceopxykABCEHKMOPTXYëË", "асеорхукАВСЕНКМОРТХУёЁ", strict=True))
_GREEK_CYR = dict(zip("αοκρτχΑΒΕΗΚΜΟΡΤΥΧ", "аокртхАВЕНКМОРТУХ", strict=True))
# Ukrainian and Macedonian letters that pass for Latin ones: only ever folded to Latin
# (a Latin «s» in a Russian word is no «ѕ»).
_CYR_LAT = {c: lat for lat, c in _LAT_CYR.items()} | dict(zip("іІјЈѕЅ", "iIjJsS", strict=True))
# Every pair works in both cases where it exists in both (no «n» for «п»: an «N» is
# no «П»), so lower-casing a cleaned text never makes a word foldable again.
_TO_CYR = str.maketrans({**_LAT_CYR, **_GREEK_CYR})
_TO_LAT = str.maketrans({**_CYR_LAT, **{g: _CYR_LAT[c] for g, c in _GREEK_CYR.items()
                                         if c in _CYR_LAT}})
_LAT_WEAK = frozenset(_LAT_CYR)  # Latin that may be Cyrillic
_CONFUSABLE = _LAT_WEAK | frozenset(_GREEK_CYR) | frozenset(_CYR_LAT)
# What decides a word's script is read in any case («b» as «B», «в» as «В»): the
# models lower-case a cleaned text, and a lower-cased word must fold as it did.
_WEAK = _CONFUSABLE | {c.lower() for c in _CONFUSABLE} | {c.upper() for c in _CONFUSABLE}
# Typed for a Cyrillic letter though they pass for none at a glance: a Latin «u» for «и»
# («обманщuки»), a «3» for «З» («3дравствуйте»). Folded only inside a word that is
# otherwise Cyrillic; a Latin word keeps its «u» («You», «Yоu» with a Cyrillic «о»).
_U_CYR = str.maketrans("uU", "иИ")
# A run of letters (and a «0» or «3» between letters: «в0ры», «обра3ец»; a «3» at a
# word's edge, not beside another digit: «3дравствуйте», never «300» or «13дня»), the
# unit of folding.
_LETTER_RUN = re.compile(
    r"(?:[^\W\d_]|(?<=[^\W\d_])[03](?=[^\W\d_])|(?<!\w)3(?=[^\W\d_])|(?<=[^\W\d_])3(?!\w))+"
)
_MIXED = re.compile(r"[a-zA-ZëË][а-яёА-ЯЁ]|[а-яёА-ЯЁ][a-zA-ZëË]")
_ZERO_IN_WORD = re.compile(r"[а-яёА-ЯЁ]0[а-яёА-ЯЁ]")
_THREE_BY_CYR = re.compile(r"[а-яёА-ЯЁ]3|3[а-яёА-ЯЁ]")
# A «3» at a word's edge is a letter only in a dictionary word of at least four letters:
# «3дравствуйте» is «Здравствуйте», «3дня», «3раза», «3ий», «ра3» are a number and a word.
_EDGE_THREE_MIN = 4
# A one-letter word typed with a Latin look-alike of a Russian one («C уважением»,
# «мы c вами», «c 9 до 18»): it has no Cyrillic letter to tell its script, so the
# word after it (or, before a number, the word before it) does.
_LONE_LOOKALIKE = re.compile(
    r"(?<![^\W\d_])[aAcCoOyYBKk](?=\s+[а-яёА-ЯЁ])|(?<=[а-яёА-ЯЁ]\s)[aAcCoOyYBKk](?=\s+\d)"
)
_CYR_STRONG = re.compile("[а-яёА-ЯЁ]")  # counted without the look-alikes, below
_LAT_STRONG = re.compile("[a-zA-Z]")
_MARKER_WORD = re.compile(r"(?<![a-z])xx[a-z]+")
_HASHTAG = re.compile(r"(?<![^\W_])#+([^\W_]+(?:_[^\W_]+)*)")
# Outside ASCII and Cyrillic: where NFKC may change something (a Cyrillic letter
# before a mark comes along: «и\u0306» is «й»).
_NFKC_RUN = re.compile(r".?[^\x00-\x7f\u0400-\u04ff]+", re.DOTALL)

# Which steps a text needs is read from the set of its characters: one pass in C,
# then set operations, instead of a scan per step (most texts need none).
_INVISIBLE_SET = frozenset(
    ch for lo, hi in re.findall(r"(.)(?:-(.))?", _INVISIBLE)
    for ch in map(chr, range(ord(lo), ord(hi or lo) + 1))
)
_MARKS = frozenset(
    ch for lo, hi in re.findall(r"(.)-(.)", _MARK_RANGES)
    for ch in map(chr, range(ord(lo), ord(hi) + 1))
)
_STRESS = frozenset("\u0300\u0301")
_PUNCT_SET = frozenset(_QUOTES_DOUBLE + _QUOTES_SINGLE + _HYPHENS + _DASHES)
_GREEK_SET = frozenset(map(chr, range(0x370, 0x400)))
_TO_LATIN_ONLY = frozenset("іІјЈѕЅ")
_SPECIAL = _INVISIBLE_SET | _PUNCT_SET | _GREEK_SET | _TO_LATIN_ONLY | {"#"}
_CYR_SET = frozenset(map(chr, range(0x400, 0x500)))
_LAT_SET = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZëË")

Maps = tuple[list[int], list[int]] | None  # (starts, ends) per character; None: as typed


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f"


class Cleaned(NamedTuple):
    """A cleaned text and where each of its characters came from.

    ``starts[i]``/``ends[i]``: the range of the original text that character ``i`` of
    ``text`` stands for (a space put between hashtag words: an empty range); both
    None when every character is where it was typed (nothing cleaned, or only
    characters replaced one for one).
    """

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the cleaned range ``[start, end)``."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else (
                self.ends[-1] if self.ends else 0)
            return pos, pos
        return self.starts[start], max(self.ends[end - 1], self.starts[start])


def _maps(text: str, maps: Maps) -> tuple[list[int], list[int]]:
    return maps if maps is not None else (list(range(len(text))), list(range(1, len(text) + 1)))


def _nfkc_clusters(text: str, starts: list[int], ends: list[int]) -> tuple[str, list, list]:
    """NFKC of a piece, a cluster at a time so each output character knows its source.

    A cluster is a character with the marks after it; two clusters that compose
    across their border (Hangul jamo, a half-width voiced mark) are normalised
    together. «№», «…» and «´» stay as written (``_NFKC_KEEP``).
    """
    out: list[str] = []
    o_starts: list[int] = []
    o_ends: list[int] = []
    group_src = group_out = ""  # the open group: its source and its NFKC
    g_lo = g_hi = 0

    def commit() -> None:
        out.append(group_out)
        o_starts.extend([g_lo] * len(group_out))
        o_ends.extend([g_hi] * len(group_out))

    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        src = text[i:j]
        lo, hi = starts[i], ends[j - 1]
        if src in _NFKC_KEEP:
            commit()
            out.append(src)
            o_starts.append(lo)
            o_ends.append(hi)
            group_src = group_out = ""
        else:
            norm = unicodedata.normalize("NFKC", src)
            if group_src and not unicodedata.is_normalized("NFKC", group_out + norm):
                group_src += src
                group_out = unicodedata.normalize("NFKC", group_src)
                g_hi = hi
            else:
                commit()
                group_src, group_out, g_lo, g_hi = src, norm, lo, hi
        i = j
    commit()
    return "".join(out), o_starts, o_ends


def _splice(
    text: str, maps: Maps, edits: list[tuple[int, int, str, list[int], list[int]]]
) -> tuple[str, Maps]:
    """``text`` with each ``(start, end, new, new_starts, new_ends)`` put in place of
    ``text[start:end]`` (in order, not overlapping), and the maps to match."""
    if not edits:
        return text, maps
    starts, ends = _maps(text, maps)
    pieces: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    pos = 0
    for a, b, new, new_starts, new_ends in edits:
        pieces += [text[pos:a], new]
        out_starts += starts[pos:a] + new_starts
        out_ends += ends[pos:a] + new_ends
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces), (out_starts + starts[pos:], out_ends + ends[pos:])


def _nfkc(text: str, maps: Maps) -> tuple[str, Maps]:
    """NFKC (but ``_NFKC_KEEP``) of the pieces outside ASCII and Cyrillic."""
    starts, ends = _maps(text, maps)
    edits = []
    for m in _NFKC_RUN.finditer(text):
        a, b = m.span()
        out, o_starts, o_ends = _nfkc_clusters(m.group(0), starts[a:b], ends[a:b])
        if out != m.group(0):
            edits.append((a, b, out, o_starts, o_ends))
    return _splice(text, maps, edits)


def _fold_word(word: str, prefer_cyrillic: Callable[[], bool]) -> str:
    """A letter run with look-alikes of another script folded, or as it is.

    A word of one script stays as it is (a Latin brand in Russian text is Latin),
    but for a «0» between Cyrillic letters; a word with letters that exist in only
    one of the scripts («б», «s») takes that script; a word made only of look-alikes
    of both takes the text's script; a word with letters of both that exist in one
    only is a real mixed word («MTSовский») and stays.
    """
    cyr = lat = greek = cyr_strong = lat_strong = u_only = False
    for ch in word:
        if _is_cyrillic(ch):
            cyr = True
            cyr_strong = cyr_strong or ch not in _WEAK
        elif "\u0370" <= ch <= "\u03ff":
            greek = True
        elif ch not in "03" and _is_latin(ch):
            lat = True
            if ch not in _WEAK:
                u_only = (ch in "uU") and (u_only or not lat_strong)
                lat_strong = True
    if "0" in word and cyr:
        word = word.replace("0", "О" if word.isupper() else "о")
    if cyr_strong and u_only:  # «обманщuки»: the rest of the word is Cyrillic
        word = word.translate(_U_CYR).translate(_TO_CYR)
        return _fold_three(word) if "3" in word else word
    if "3" in word and cyr_strong and not lat and not greek:
        word = _fold_three(word)
    if cyr + lat + greek < 2 or (cyr_strong and lat_strong):
        return word
    # Only a word with a Cyrillic letter becomes Cyrillic (Greek in a Latin word: Latin).
    to_cyr = cyr and (cyr_strong or (not lat_strong and prefer_cyrillic()))
    return word.translate(_TO_CYR if to_cyr else _TO_LAT)


def _fold_three(word: str) -> str:
    """``word`` (a Cyrillic letter run with a «3» in it) with each «3» read as «З»:
    between two letters always («обра3ец»); at the start only when the word is then a
    dictionary word and what follows the «3» is none (``_EDGE_THREE_MIN``: «3раза» is
    «3 раза», not «зраза»); at the end only in capitals."""
    letters = word.replace("3", "")
    if not all(map(_is_cyrillic, letters)):
        return word
    upper = len(letters) > 1 and letters.isupper()
    chars = list(word)
    for i, ch in enumerate(chars):
        if ch != "3":
            continue
        inside = 0 < i < len(chars) - 1
        if inside or upper or i == 0:
            chars[i] = "З" if upper or (i == 0 and not inside) else "з"
    folded = "".join(chars)
    if word[0] == "3" or word[-1] == "3":
        from model.lemmas import analyzer  # pymorphy3's dictionary, loaded once

        known = analyzer().word_is_known
        if (len(folded) < _EDGE_THREE_MIN or not known(folded.lower())
                or known(word.strip("3").lower())):
            return word  # «3дня», «3раза», «3ий»: a number with a word or an ending
    return folded


def _fold_lookalikes(text: str, chars: frozenset[str] | set[str]) -> str:
    """Look-alike letters folded to the script of the word around them (same length)."""
    if chars.isdisjoint(_CYR_SET):
        if chars.isdisjoint(_GREEK_SET):
            return text
    elif not (
        (not chars.isdisjoint(_LAT_SET)
         and (_MIXED.search(text) or _LONE_LOOKALIKE.search(text)))
        or not chars.isdisjoint(_GREEK_SET) or not chars.isdisjoint(_TO_LATIN_ONLY)
        or ("0" in chars and _ZERO_IN_WORD.search(text))
        or ("3" in chars and _THREE_BY_CYR.search(text))
    ):
        return text
    preference: list[bool] = []

    def prefer_cyrillic() -> bool:
        """Does the text hold more letters that exist only in Cyrillic than only in
        Latin? (Counted once, only for a word made of look-alikes alone.)"""
        if not preference:
            # normalize's markers (xxpos...) are not the writer's letters: without
            # them, normalizing a normalized text folds as the first time did.
            letters = _MARKER_WORD.sub(" ", text) if "xx" in text else text
            cyr = sum(ch not in _WEAK for ch in _CYR_STRONG.findall(letters))
            lat = sum(ch not in _WEAK for ch in _LAT_STRONG.findall(letters))
            preference.append(cyr >= lat)
        return preference[0]

    text = _LETTER_RUN.sub(lambda m: _fold_word(m.group(0), prefer_cyrillic), text)
    if chars.isdisjoint(_LAT_SET):
        return text
    return _LONE_LOOKALIKE.sub(
        lambda m: m.group(0).translate(_TO_CYR) if prefer_cyrillic() else m.group(0), text
    )


def _hashtags(text: str, maps: Maps) -> tuple[str, Maps]:
    """``#верниденьги`` → ``верни деньги``: the ``#`` dropped, spaces between words."""
    from model.hashtags import split_hashtag  # the word list loads on the first hashtag

    starts, ends = _maps(text, maps)
    edits = []
    for m in _HASHTAG.finditer(text):
        body = m.group(1)
        words = [w for piece in body.split("_") for w in split_hashtag(piece)]
        if body.replace("_", "").isdigit() or "".join(words) != body.replace("_", ""):
            continue  # «#1» is a number, not a hashtag
        new: list[str] = []
        new_starts: list[int] = []
        new_ends: list[int] = []
        i = m.start(1)
        for k, word in enumerate(words):
            while text[i] == "_":
                i += 1
            if k:  # a space of its own: it stands for nothing typed
                new.append(" ")
                new_starts.append(starts[i])
                new_ends.append(starts[i])
            new.append(word)
            new_starts += starts[i:i + len(word)]
            new_ends += ends[i:i + len(word)]
            i += len(word)
        edits.append((m.start(), m.end(), "".join(new), new_starts, new_ends))
    return _splice(text, maps, edits)


def _delete(text: str, maps: Maps, positions: list[int]) -> tuple[str, Maps]:
    starts, ends = _maps(text, maps)
    gone = set(positions)
    keep = [i for i in range(len(text)) if i not in gone]
    return "".join(text[i] for i in keep), ([starts[i] for i in keep], [ends[i] for i in keep])


def _nfkc_changes(text: str) -> bool:
    """Would NFKC change ``text``, «№», «…» and «´» aside? (Quick checks in C.)"""
    if unicodedata.is_normalized("NFKC", text):
        return False
    return not unicodedata.is_normalized(
        "NFKC", text.replace("…", "").replace("№", "").replace("\u00b4", ""))


def _one_pass(text: str, maps: Maps) -> tuple[str, Maps]:
    t = text
    if not t.isascii():
        chars = set(t)
        if not chars.isdisjoint(_INVISIBLE_SET):
            t, maps = _delete(t, maps, [i for i, ch in enumerate(t) if ch in _INVISIBLE_SET])
        if not chars.isdisjoint(_STRESS) and _STRESS_RE.search(t):
            # after the invisibles: «е\u200b\u0301» is a stressed «е»
            t, maps = _delete(t, maps, [
                k for m in _CYR_MARKS_RE.finditer(t)
                for k in range(m.start(), m.end()) if t[k] in _STRESS
            ])
        if _nfkc_changes(t):
            t, maps = _nfkc(t, maps)
            chars = set(t)
        if not chars.isdisjoint(_MARKS) and _LEFT_MARKS_RE.search(t):
            t, maps = _delete(t, maps, [
                k for m in _LEFT_MARKS_RE.finditer(t) for k in range(m.start(), m.end())
            ])
        if not chars.isdisjoint(_PUNCT_SET):
            t = _DASH_IN_WORD.sub("-", t).translate(_PUNCT_TABLE)
        t = _fold_lookalikes(t, chars)
    if "#" in t:
        t, maps = _hashtags(t, maps)
    return t, maps


def _needs_cleaning(text: str) -> bool:
    if text.isascii():
        return "#" in text
    chars = set(text)
    if not chars.isdisjoint(_SPECIAL) or not chars.isdisjoint(_MARKS):
        return True
    if not chars.isdisjoint(_CYR_SET) and (
        (not chars.isdisjoint(_LAT_SET)
         and (_MIXED.search(text) or _LONE_LOOKALIKE.search(text)))
        or ("0" in chars and _ZERO_IN_WORD.search(text))
        or ("3" in chars and _THREE_BY_CYR.search(text))
    ):
        return True
    return _nfkc_changes(text)


@lru_cache(maxsize=4096)  # tone, persona and the draft checks read the same texts
def clean_map(text: str) -> Cleaned:
    """``text`` as a reader sees it, with a map back to the original characters.

    In order: invisible characters removed (``_INVISIBLE``: soft hyphen, ZWSP, ZWNJ,
    ZWJ, word joiner, BOM, bidi marks...) and stress marks over Cyrillic letters;
    Unicode NFKC (styled letters: mathematical bold, full-width, ligatures; odd
    spaces), except «№», «…»; combining marks left over a letter after it (strike-
    through and «Zalgo» decoration); quotes to ``"`` and ``'``, hyphens to ``-``, dashes to
    ``—`` (``-`` between two letters or digits); look-alike letters (Latin, Greek,
    «0») inside a word that is otherwise Cyrillic folded to Cyrillic, Cyrillic ones
    inside an otherwise Latin word to Latin (a word of one script is never touched);
    hashtags split into words (``model.hashtags``), the ``#`` dropped. Case, ``ё``,
    emoji and punctuation otherwise stay. Idempotent; never raises on a ``str``.
    """
    if not text or not _needs_cleaning(text):
        return Cleaned(text)
    t, maps = text, None
    # Folding a letter can make a stress mark or a composition appear («y\u0306» is
    # no Latin letter, «у\u0306» is «ў»), a hashtag split can join a word to a letter
    # of another script: the steps run again until nothing changes (in practice, the
    # second pass confirms the first).
    for _ in range(4):
        before = t
        t, maps = _one_pass(t, maps)
        if t == before:
            break
    if maps is None:
        return Cleaned(t)
    return Cleaned(t, tuple(maps[0]), tuple(maps[1]))


def clean(text: str) -> str:
    """``clean_map(text).text``: the text every model reads (see ``clean_map``)."""
    return clean_map(text).text


def text_key(text: str) -> str:
    """A key under which two texts that read the same are equal: the words of the
    cleaned text, lower-cased, ``ё`` as ``е``, one space apart (punctuation, case and
    spacing ignored). The dashboard finds a discovered template in the library so."""
    return " ".join(re.findall(r"\w+", clean(text).lower().replace("ё", "е")))


def count_emoji(text: str) -> tuple[int, int]:
    """(positive, negative) emoji in ``text``, by the sets the tone model uses."""
    if not _SYMBOL_PLANE.search(text):
        return 0, 0
    return len(_POS_EMOJI_RE.findall(text)), len(_NEG_EMOJI_RE.findall(text))


def _smileys_from_brackets(text: str) -> str:
    """Single ')' with no '(' open before it is a smile; a '(' never closed is a frown."""
    if "(" not in text and ")" not in text:
        return text
    out: list[str] = []
    open_idx: list[int] = []
    for ch in text:
        if ch == "(":
            open_idx.append(len(out))
            out.append(ch)
        elif ch == ")":
            if open_idx:
                open_idx.pop()
                out.append(ch)
            else:
                out.append(" xxpos ")
        else:
            out.append(ch)
    for i in open_idx:
        out[i] = " xxneg "
    return "".join(out)


def _emoji(text: str) -> str:
    if not _SYMBOL_PLANE.search(text) and "\u200d" not in text:
        return text  # every emoji, selector and skin tone is at U+2600 or above, or a ZWJ
    text = _EMOJI_NOISE.sub("", text)

    def repl(m: re.Match[str]) -> str:
        ch = m.group(0)
        if ch in POS_EMOJI:
            return " xxpos "
        if ch in NEG_EMOJI:
            return " xxneg "
        return " xxemoji "

    return _EMOJI_RANGES.sub(repl, text)


def _words(text: str) -> str:
    """Caps and elongation markers, lower-casing and repeated-letter collapse per word."""

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        prefix = ""
        if len(word) >= 4 and word.isupper():
            prefix = "xxcaps "
        low = word.lower().replace("ё", "е")
        if _ELONG.search(low):
            prefix += "xxelong "
            low = _ELONG.sub(r"\1", low)
        return prefix + low

    return _WORD.sub(repl, text)


def _words_fast(text: str) -> str:
    """``_words`` without a Python call per word, when the text allows it (the same
    output): capitals marked by one scan, the whole text lower-cased at once (exact
    only when no cased letter outside ``_WORD`` is there, else ``_words``), and the
    rare elongated words handled one by one."""
    rest = _WORD.sub("", text) if not text.isascii() else ""
    if rest.lower() != rest:  # a cased letter _WORD does not cover (Ukrainian І, Greek Σ…)
        return _words(text)
    t = _CAPS_WORD.sub(r"xxcaps \g<0>", text) if _UPPER_RUN.search(text) else text
    t = t.lower().replace("ё", "е")
    if _ELONG.search(t):
        t = _ELONG_WORD.sub(lambda m: "xxelong " + _ELONG.sub(r"\1", m.group(0)), t)
    return t


@lru_cache(maxsize=2048)  # tone, then gratitude (two or three times) on the same text
def normalize(text: str) -> str:
    """Normalise one social-media text; see the module docstring for the markers.

    >>> normalize("[id1|Аня], спасибооо!!! )))")
    'xxuser, xxelong спасибо xxexcl xxpos'
    """
    if not text:
        return ""
    # Substring tests skip the scans that cannot match: most comments have no link,
    # mention, emoticon or "?!", and a scan costs more than the test.
    t = clean(text)
    if "[" in t:
        t = _VK_USER.sub(" xxuser ", t)
        t = _VK_CLUB.sub(" xxclub ", t)
    if "://" in t or _URL_HINT.search(t):
        t = _URL.sub(" xxurl ", t)
    t = _RT.sub(" ", t)
    if "@" in t:
        t = _AT_USER.sub(" xxuser ", t)
    t = _emoji(t)
    if _has_any(t, ":;=^<xXхХ") or "))" in t:
        t = _POS_EMOTICON.sub(" xxpos ", t)
    if _has_any(t, ":;=") or "((" in t:
        t = _NEG_EMOTICON.sub(" xxneg ", t)
    t = _smileys_from_brackets(t)
    if "?" in t:
        t = _QUEST.sub(" xxquest ", t)
    if "!" in t:
        t = _EXCL.sub(" xxexcl ", t)
    t = t.replace("#", " ")
    t = _words_fast(t)
    t = _LAUGH.sub(" xxlaugh ", t)
    # Repeated markers (")) ))" or three emoji in a row) say the same thing once.
    if "xx" in t:
        t = _MARKER_RUN.sub(r"x\1", t)
    t = " ".join(t.split())  # str.split and re's \s agree on what whitespace is
    for mark in ",.;:":
        t = t.replace(" " + mark, mark)
    return t


def _has_any(text: str, chars: str) -> bool:
    return any(ch in text for ch in chars)
