"""Normalisation of social-media text (VK, Facebook, Twitter) for the text models.

``normalize`` turns a raw comment into lower-case text in which the signals that
matter for tone and persona, but that tokenisers would lose or scatter, become
plain marker words:

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
from functools import lru_cache

__all__ = ["MARKERS", "normalize"]

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
    t = text
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
