"""Obscene words, matched as whole words: a root with its known prefixes and endings,
never a root found inside an innocent word («бляшка», «Ебург», «употреблять»,
«хлебный», «оскорбление», «мудрый», «себестоимость»).

``obscene_words(text) -> list[str]``: the obscene words of ``text``, lower-cased with
«ё» read as «е», in order. A word is obscene when it starts with one of the prefixes
below (or none) right followed by one of the roots, and is not innocent (``INNOCENT``
and ``INNOCENT_STEMS``; a test holds every one of them to «not obscene»).
"""

from __future__ import annotations

import re

__all__ = ["ALTERNATIVES", "INNOCENT", "INNOCENT_STEMS", "is_innocent", "obscene_words"]


def _alternation(items: tuple[str, ...]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))  # the longest prefix first


# «ебать» and its family take a hard sign after a prefix ending in a consonant
# («съебаться», «разъебать», «въебать»): without it «себестоимость» would match.
_EB_PREFIXES = ("", "на", "за", "по", "вы", "у", "до", "про", "пере", "недо", "долбо",
                "подъ", "разъ", "объ", "съ", "въ", "взъ", "отъ")
_EB_ROOT = r"еб(?:[аеиоуылнк]\w*|\b)"
# A letter masked by an asterisk is still the word («на*бал», «х*йня», «п*здец»).
_EB_MASKED = r"\*б[аеиоуыл]\w*"
# The other roots: «охуеть», «спиздить», «впизду», «нихуя», «хитрожопый».
_PREFIXES = ("", "на", "за", "по", "от", "вы", "у", "при", "под", "раз", "рас", "о", "а", "об",
             "до", "пере", "с", "в", "про", "недо", "ни", "хитро")
_ROOTS = (
    r"ху[йеияю]\w*",
    r"пизд\w*",
    r"бля(?:[дт]\w*)?\b",  # «бля», «блядь», «блять»; never «бляшка», «бляха»
    r"сук(?:а|и|у|ой|ам|ами|ах|ин|ина|ины|ино|иным)\b",  # never «сук», «сукно»
    r"муд(?:ак|ач|ил|оз|охал)\w*",  # never «мудрый»
    r"говн\w*",
    r"залуп\w*",
    r"пид[оа]р\w*",
    r"жоп\w*",
)
# Every prefix with every root it takes, each starting with a plain letter: persona's
# one scan of a comment (model.persona_features) matches them with its other cues.
# One alternative per prefix (its roots grouped after it), so a scan tries the roots
# only after a word's first letters matched a prefix.
ALTERNATIVES = (
    *(prefix + _EB_ROOT for prefix in sorted(_EB_PREFIXES, key=len, reverse=True)),
    *(prefix + _EB_MASKED for prefix in sorted(_EB_PREFIXES, key=len, reverse=True) if prefix),
    r"х\*[йеияю]\w*", r"п\*зд\w*", r"пи\*д\w*", r"бл\*[дт]\w*",
    *(f"{prefix}(?:{'|'.join(_ROOTS)})" for prefix in sorted(_PREFIXES, key=len, reverse=True)
      if prefix),
    *_ROOTS,
)
# Scanned over " " + the lower-cased text; the character before a word is matched, not
# looked behind at, so the regex engine jumps from word start to word start.
_OBSCENE = re.compile(rf"[^а-яa-z](?:{'|'.join(ALTERNATIVES)})")
_WORD = re.compile(r"[а-яa-z*]+")

# Words a root would take that are not obscene; each has a test. Stems cover a word's
# forms («Ебург», «Ебурге»; «бляха», «бляхи»).
INNOCENT = frozenset({"ебола", "ебонит"})
INNOCENT_STEMS = ("ебург", "бляшк", "блях")


def is_innocent(word: str) -> bool:
    """Whether a word a root matched is one of the innocent ones (lower-cased)."""
    return word in INNOCENT or word.startswith(INNOCENT_STEMS)


def obscene_words(text: str) -> list[str]:
    """The obscene words of ``text`` (lower-cased, «ё» as «е»), in order."""
    low = " " + text.lower().replace("ё", "е")
    words = (_WORD.match(low, m.start() + 1).group(0) for m in _OBSCENE.finditer(low))
    return [w for w in words if not is_innocent(w)]
