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

__all__ = ["INNOCENT", "INNOCENT_STEMS", "obscene_words"]


def _alternation(items: tuple[str, ...]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))  # the longest prefix first


# «ебать» and its family take a hard sign after a prefix ending in a consonant
# («съебаться», «разъебать», «въебать»): without it «себестоимость» would match.
_EB_PREFIXES = ("", "на", "за", "по", "вы", "у", "до", "про", "пере", "недо", "долбо",
                "подъ", "разъ", "объ", "съ", "въ", "взъ", "отъ")
_EB_ROOT = r"еб(?:[аеиоуылнк]\w*|\b)"
# The other roots: «охуеть», «спиздить», «впизду», «нихуя», «хитрожопый».
_PREFIXES = ("", "на", "за", "по", "от", "вы", "у", "при", "под", "раз", "рас", "о", "об",
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
_OBSCENE = re.compile(
    rf"(?<![а-яa-z])(?:(?:{_alternation(_EB_PREFIXES)}){_EB_ROOT}"
    rf"|(?:{_alternation(_PREFIXES)})(?:{'|'.join(_ROOTS)}))"
)
_WORD = re.compile(r"[а-яa-z]+")

# Words a root would take that are not obscene; each has a test. Stems cover a word's
# forms («Ебург», «Ебурге»; «бляха», «бляхи»).
INNOCENT = frozenset({"ебола", "ебонит"})
INNOCENT_STEMS = ("ебург", "бляшк", "блях")


def obscene_words(text: str) -> list[str]:
    """The obscene words of ``text`` (lower-cased, «ё» as «е»), in order."""
    low = text.lower().replace("ё", "е")
    out = []
    for m in _OBSCENE.finditer(low):
        token = _WORD.match(low, m.start()).group(0)
        if token not in INNOCENT and not token.startswith(INNOCENT_STEMS):
            out.append(token)
    return out
