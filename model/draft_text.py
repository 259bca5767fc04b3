"""Word tokens of a reply draft with their offsets, lemmas and weights.

Shared by the template similarity (``model.similarity``) and the cliché detector
(``model.cliches``): both must point at characters of the text the operator typed, so
every token keeps its ``start``/``end`` in the original string.

What is done to a draft before it is compared with a template, and why:

- ``model.normalize.clean_map`` first (invisible characters, look-alike letters,
  styled letters, hashtags...): a template pasted with a Latin «о» or a soft hyphen
  inside its words is the same template; tokens are found in the cleaned text and
  their offsets mapped back to the original;
- lower case, ``ё`` → ``е``, so «Вы» and «вы», «счёт» and «счет» are one word;
- punctuation, emoji and emoticons are not words at all (the tokeniser skips them);
- hyphenated words are split («трёх-пяти», «3-5») and number words become digits
  («трёх» → ``3``), so «3-5 дней» and «трёх-пяти дней» match;
- greetings, sign-offs and appeals («Добрый день», «Здравствуйте», «Хорошего дня»,
  «Уважаемый клиент») and personal names («Иван,», «Анна Сергеевна») are marked
  ``dropped``: operators add them to a template to make it look personal, and they
  say nothing about whether the rest was written for this customer;
- function words (prepositions, conjunctions, particles, pronouns) are marked
  ``function``: they are shared by any two Russian sentences, so they weigh little.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from model.lemmas import analyzer, lemma
from model.normalize import clean, clean_map

__all__ = ["Token", "lemma_sequence", "surface_sequence", "tokenize"]

# Same alphabet as model.lemmas.words, but hyphenated words are split into parts.
_PART = re.compile(r"[а-яёa-z0-9]+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…\n]")

# Number words to digits, by lemma: templates write «3-5 рабочих дней», operators
# «трёх-пяти». Cardinals and the usual ordinals.
_NUMBERS = {
    "ноль": "0", "один": "1", "два": "2", "три": "3", "четыре": "4", "пять": "5",
    "шесть": "6", "семь": "7", "восемь": "8", "девять": "9", "десять": "10",
    "одиннадцать": "11", "двенадцать": "12", "пятнадцать": "15", "двадцать": "20",
    "тридцать": "30", "сорок": "40", "пятьдесят": "50", "сто": "100",
    "первый": "1", "второй": "2", "третий": "3", "четвертый": "4", "пятый": "5",
    "десятый": "10", "двое": "2", "трое": "3", "пара": "2",
}

# Greetings, sign-offs and forms of address, as sequences of lemmas. Broad on
# purpose: what an operator puts around a template varies by team and by mood.
_GREETINGS_TEXT = """
добрый день | добрый утро | добрый вечер | добрый ночь | доброго времени суток
доброго дня | доброго утра | доброго вечера | день добрый | вечер добрый | утро доброе
здравствуйте | здравствуй | здрасьте | привет | приветик | приветствуем | приветствую
хай | hello | hi | салют | алло | ау
хорошего дня | хорошего вечера | хорошего настроения | хороших выходных | удачного дня
отличного дня | прекрасного дня | всего доброго | всего хорошего | всего наилучшего
с уважением | с наилучшими пожеланиями | до свидания | до связи
уважаемый | уважаемая | уважаемые | дорогой | дорогая | дорогие
уважаемый клиент | уважаемый абонент | уважаемый покупатель | уважаемый пользователь
уважаемый гость | уважаемый подписчик | дорогой друг | дорогой клиент | дорогой покупатель
дорогой подписчик | дорогой гость
господин | госпожа | сударь | сударыня
"""

_FUNCTION_POS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "PRED"}
# Content words so common in replies that they say nothing about a template either.
_FUNCTION_LEMMAS = {"быть", "мочь", "весь", "это", "так", "уже", "еще", "очень", "также",
                    "тоже", "вот", "там", "тут", "здесь", "сейчас"}
_NAME_TAGS = {"Name", "Surn", "Patr"}


class Token(NamedTuple):
    """One word of the text: where it is, its lemma, and how much it should count.

    ``text``: the word as read (cleaned: «вoры» typed with a Latin «o» reads «воры»);
    ``start``/``end``: its characters in the original text, as typed.
    """

    text: str
    start: int
    end: int
    lemma: str
    function: bool
    dropped: bool = False


@lru_cache(maxsize=100_000)
def _word_info(word: str) -> tuple[str, bool, bool, bool]:
    """(lemma, is function word, top parse is a name, any parse is a name) of a lower word."""
    if word.isdigit() or not any("а" <= ch <= "я" for ch in word):
        return lemma(word), False, False, False
    # One parse gives the lemma (as model.lemmas.lemma computes it) and the tags.
    all_parses = analyzer().parse(word)
    lem = all_parses[0].normal_form.replace("ё", "е")
    lem = _NUMBERS.get(lem, lem)
    parses = all_parses[:3]
    top = parses[0].tag
    if top.POS == "PRTF":
        # «данная», «указанная»: in a reply these are the bureaucratic adjectives, not
        # participles of «дать», «указать» (pymorphy ranks the participle first).
        # «данные» (data) is a noun: left alone.
        adj = next((p for p in all_parses if p.tag.POS == "ADJF"), None)
        noun = any(p.tag.POS == "NOUN" and not _NAME_TAGS & p.tag.grammemes for p in all_parses)
        if adj is not None and not noun:
            lem, top = adj.normal_form.replace("ё", "е"), adj.tag
    function = (
        top.POS in _FUNCTION_POS
        or "Apro" in top  # ваш, наш, этот, свой, данный...
        or lem in _FUNCTION_LEMMAS
    )
    top_name = bool(_NAME_TAGS & top.grammemes)
    any_name = any(_NAME_TAGS & p.tag.grammemes for p in parses)
    return lem, function, top_name, any_name


def lemma_sequence(phrase: str) -> tuple[str, ...]:
    """Lemmas of a phrase, with the same splitting and number folding as ``tokenize``."""
    out = []
    for m in _PART.finditer(clean(phrase)):
        word = m.group(0).lower().replace("ё", "е")
        out.append(_word_info(word)[0])
    return tuple(out)


def surface_sequence(phrase: str) -> tuple[str, ...]:
    """Words of a phrase as written (cleaned, lower case, ``ё`` as ``е``), split as
    ``tokenize`` splits them."""
    return tuple(m.group(0).lower().replace("ё", "е") for m in _PART.finditer(clean(phrase)))


@lru_cache(maxsize=1)
def _greetings() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Greeting lemma sequences by their first lemma, longest first."""
    seqs = {lemma_sequence(g) for line in _GREETINGS_TEXT.splitlines() for g in line.split("|")}
    seqs.discard(())
    by_first: dict[str, list[tuple[str, ...]]] = {}
    # Longest first, so «уважаемый клиент» wins over «уважаемый».
    for seq in sorted(seqs, key=len, reverse=True):
        by_first.setdefault(seq[0], []).append(seq)
    return {k: tuple(v) for k, v in by_first.items()}


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or bool(_SENTENCE_END.match(before[-1]))


def _followed_by_comma(text: str, end: int) -> bool:
    return text[end:end + 2].lstrip()[:1] in {",", "!"}


@lru_cache(maxsize=100_000)
def _word_info_as_written(word: str) -> tuple[str, bool, bool, bool]:
    """``_word_info`` of a word in any case: one cache lookup per word of a text."""
    return _word_info(word.lower().replace("ё", "е"))


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of ``text`` in order; greetings and names are kept but marked ``dropped``.

    Offsets point into ``text`` as given, though words are read from its cleaned form.
    """
    cleaned = clean_map(text)
    tokens = _tokenize_clean(cleaned.text)
    if cleaned.starts is None:
        return tokens
    span = cleaned.span
    return tuple(tok._replace(start=s, end=e)
                 for tok in tokens for s, e in [span(tok.start, tok.end)])


def _tokenize_clean(text: str) -> tuple[Token, ...]:
    # Building the index tokenises every stored reply (55,000 texts, a million words),
    # so this is written for speed: list comprehensions, and tuple.__new__ instead of
    # the Python-level NamedTuple constructor.
    make = tuple.__new__
    matches = list(_PART.finditer(text))
    infos = [_word_info_as_written(m[0]) for m in matches]
    raw = [
        make(Token, (m[0], *m.span(), lem, function, False))
        for m, (lem, function, _, _) in zip(matches, infos, strict=True)
    ]
    for i, (m, (_, _, top_name, any_name)) in enumerate(zip(matches, infos, strict=True)):
        # A capitalised word that can be a name is a name unless it starts a sentence
        # and is more likely a common noun («Вера в лучшее…»), except in an appeal
        # («Вера, добрый день»).
        if any_name and m[0][:1].isupper() and (
            top_name
            or not _sentence_initial(text, m.start())
            or _followed_by_comma(text, m.end())
        ):
            raw[i] = raw[i]._replace(dropped=True)

    greetings = _greetings()
    lemmas_ = [info[0] for info in infos]
    resume = 0  # a greeting's words are not the start of another one
    for i in [i for i, lm in enumerate(lemmas_) if lm in greetings]:
        if i < resume:
            continue
        for seq in greetings[lemmas_[i]]:
            n = len(seq)
            if tuple(lemmas_[i:i + n]) == seq:
                for j in range(i, i + n):
                    if not raw[j].dropped:
                        raw[j] = raw[j]._replace(dropped=True)
                resume = i + n
                break
    return tuple(raw)
