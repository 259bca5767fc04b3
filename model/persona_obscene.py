"""Obscene words, matched as whole words: a root with its known prefixes and endings,
never a root found inside an innocent word («бляшка», «Ебург», «употреблять»,
«хлебный», «оскорбление», «мудрый», «себестоимость»).

``obscene_words(text) -> list[str]``: the obscene words of ``text``, lower-cased with
«ё» read as «е», in order. A word is obscene when it starts with one of the prefixes
below (or none) right followed by one of the roots, and is not innocent (``INNOCENT``
and ``INNOCENT_STEMS``; a test holds every one of them to «not obscene»).

``aimed_words(text) -> list[str]``: those of them said to or of the reader — the brand,
the operator («Вы ебанутые?», «ваш интернет говно»): an insult, where an exclamation
(«блять, опять не работает») is only a swear word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

__all__ = [
    "ALTERNATIVES", "INNOCENT", "INNOCENT_STEMS", "aimed_words", "is_innocent",
    "obscene_words", "with_masked",
]


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
INNOCENT = frozenset({"ебола", "еболы", "еболе", "еболу", "еболой"})
# «ебонитовый», «ЕБИТДА» (EBITDA in a bank's report), «Ебенезер»: stems, as a word's
# forms and derivations share them.
INNOCENT_STEMS = ("ебург", "бляшк", "блях", "ебонит", "ебитд", "ебенезер")


def is_innocent(word: str) -> bool:
    """Whether a word a root matched is one of the innocent ones (lower-cased)."""
    return word in INNOCENT or word.startswith(INNOCENT_STEMS)


# A word with letters masked by asterisks, anywhere in it («ох*ели», «оху*ли», «бл**ь»,
# «п***ец», «е*аный»): obscene when one letter per asterisk can make it an obscene word.
# The letters tried are those of the roots (what people mask); at most three masked.
_MASKED_WORD = re.compile(r"(?<![а-яa-z*])[а-я]*\*[а-я*]*")
_MASK_LETTERS = "абвдезийклнопстухюяж"
_MAX_MASKED = 3


@lru_cache(maxsize=1024)
def _is_masked_obscene(word: str) -> bool:
    parts = word.split("*")
    masked = len(parts) - 1
    if masked > _MAX_MASKED or len(word) - masked < 2:
        return False
    rest = parts[1:]
    for fill in product(_MASK_LETTERS, repeat=masked):
        filled = parts[0] + "".join(a + b for a, b in zip(fill, rest, strict=True))
        if _OBSCENE.match(" " + filled) and not is_innocent(filled):
            return True
    return False


def with_masked(low: str, words: list[str]) -> list[str]:
    """``words`` (the obscene words found in the lower-cased ``low``) and the masked
    obscene words the roots' patterns miss, in the order of the text."""
    if "*" not in low:
        return words
    found = []
    for m in _MASKED_WORD.finditer(low):
        word = m.group(0)
        if word in words or _is_masked_obscene(word):
            found.append(word)
    extra = [w for w in found if w not in words]
    if not extra:
        return words
    plain = [w for w in words if w not in found]
    return found + plain if not plain else sorted(found + plain, key=low.find)


def obscene_words(text: str) -> list[str]:
    """The obscene words of ``text`` (lower-cased, «ё» as «е»), in order."""
    low = " " + text.lower().replace("ё", "е")
    words = (_WORD.match(low, m.start() + 1).group(0) for m in _OBSCENE.finditer(low))
    return with_masked(low, [w for w in words if not is_innocent(w)])


# Said of the situation, not of anyone: exclamations («блять», «пиздец», «ебать»,
# «охуеть») and praise («охуенный», «заебись», «пиздато»). Whole words, lower-cased.
_NOT_AIMED = re.compile(
    r"(?:бля|бля[дт]ь|пизд[еа]ц\w*|еба+ть|[оа]ху(?:еть|е+нн?\w*|ительн\w*)|заебись|пиздат\w*)"
)
# The reader in the second person: «вы», «вас», «ваш…», «ты», «тебя», «твой…».
_SECOND_PERSON = re.compile(
    r"(?<![а-яa-z])(?:вы|вас|вам|вами|ваш[а-я]*|ты|тебя|тебе|тобой|тво[а-я]+)(?![а-яa-z])"
)
# A quoted obscene word is a name or a quotation («тариф «Пиздобол»»), not an insult.
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")
_SENTENCE = re.compile(r"[^.!?…\n]+")


def aimed_words(text: str) -> list[str]:
    """The obscene words of ``text`` aimed at the reader (lower-cased, «ё» as «е»): in a
    sentence that speaks to them in the second person (вы, ваш…, ты, твой…), neither an
    exclamation nor praise (``_NOT_AIMED``), nor inside quotes; in order."""
    low = _QUOTED.sub(" ", text.lower().replace("ё", "е"))
    return [
        word
        for sentence in _SENTENCE.findall(low) if _SECOND_PERSON.search(sentence)
        for word in obscene_words(sentence) if not _NOT_AIMED.fullmatch(word)
    ]
