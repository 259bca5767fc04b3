"""A member's name as one person, and the PostgreSQL role made for them.

«Анна», «анна » and «АННА» are one person: names are compared by ``name_key`` (Unicode
NFKC, case folded, ё as е, runs of spaces as one, trimmed). The display name keeps the
spelling it was added with, tidied (trimmed, single spaces).
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 80
ROLE_PREFIX = "otklik_"
# PostgreSQL truncates identifiers at 63 bytes; room is left for a "_2"-style suffix.
MAX_ROLE = 40

# Russian (and Ukrainian, Belarusian) letters in Latin, for readable role names
# (pg_stat_activity shows `otklik_anna`, not `otklik_u7`); anything else is dropped.
_LATIN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
     "i", "yi", "ye", "g", "u"],
    strict=True,
))


class BadName(ValueError):
    """A name that cannot be a member's (empty, too long, control characters)."""


def display_name(raw: str) -> str:
    """The name as shown: NFKC, trimmed, inner whitespace as single spaces.

    Raises BadName for an empty name, one over MAX_NAME characters or with control
    characters.
    """
    name = " ".join(unicodedata.normalize("NFKC", raw or "").split())
    if not name:
        raise BadName("the name is empty")
    if len(name) > MAX_NAME:
        raise BadName(f"the name is {len(name)} characters long (at most {MAX_NAME})")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise BadName("the name has control characters")
    return name


def name_key(raw: str) -> str:
    """What makes two names one person: «Анна», «анна » and «АННА» give «анна»."""
    return display_name(raw).casefold().replace("ё", "е")


def role_base(raw: str) -> str:
    """``otklik_`` and the name in Latin letters, digits and ``_``: «Анна Петрова» →
    ``otklik_anna_petrova``; a name with no letter to keep gives ``otklik_member``."""
    out = []
    for ch in name_key(raw):
        if ch in _LATIN:
            out.append(_LATIN[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
        else:
            out.append("_")
    slug = re.sub(r"_+", "_", "".join(out)).strip("_") or "member"
    return (ROLE_PREFIX + slug)[:MAX_ROLE].rstrip("_")
