"""Who wrote a message: a customer, or the brand's own support answering one.

A brand's reply in a comment stream is not a customer and has no persona. The brand's
support writes in a recognisable way: a team signature («^СН #МТС», a hashtag of the
brand closing the message), the phrases of an agent asking for details or promising
to check («уточните, пожалуйста, номер», «напишите нам на …@…», «наши специалисты
проверят», «приносим извинения»), a capitalised «Вы» and the customer's name.

``brand_evidence(text) -> (score, signs)``: a customer's message rarely scores above 1
(a polite «уточните, пожалуйста» and a capitalised «Вы»); ``author_role`` says
``"brand"`` from ``BRAND_FROM`` up, plainly said, and ``"customer"`` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["AGENT_PHRASES", "BRAND_FROM", "author_role", "brand_evidence"]

BRAND_FROM = 2.0

# A support agent's initials after a caret («^СН», «^AX»): a team's signature.
_SIGNATURE = re.compile(r"\^[А-ЯЁA-Z]{1,3}\b")
# The team signing in words: «С уважением, служба поддержки», «…, команда Ростелекома».
_WORD_SIGNATURE = re.compile(
    r"с уважением,?\s+(?:ваш[аи]?\s+)?(?:служба|команда|отдел|пресс-служба|поддержка|"
    r"центр|коллектив|сотрудники)",
    re.IGNORECASE,
)
# A hashtag closing the message («… #билайн», «…=&gt;#билайн»): how brand teams sign.
_CLOSING_HASHTAG = re.compile(r"(?:([.!?)])\s*)?#[\w-]+\s*$")
# What an agent writes: asking for details, pointing to a channel, promising to act,
# apologising for the brand. Each phrase kind counts once.
# What an agent writes: asking for details, pointing to a channel, promising to act,
# apologising for the brand. Each starts with a plain letter: persona's one scan of a
# comment (model.persona_features) finds them with its other cues; each kind counts once.
AGENT_PHRASES = (
    r"уточните", r"укажите", r"сообщите", r"пришлите", r"отправьте", r"напишите нам",
    r"обратитесь", r"рекомендуем", r"приносим (?:свои )?извинения",
    r"просим (?:прощения|извинить|подождать|немного|ещ[её])",
    r"наш(?:и|им|их) (?:специалист|сотрудник|коллег|инженер|техник|менеджер)",
    r"наш(?:и|им|их|ем|ей|его|ими|а|у|е)? (?:сайт|услуг|офис|покрыти|абонент|клиент|"
    r"сет[иьей]|оборудовани|приложени)",
    r"мы (?:обязательно )?(?:провер|уточн|разбер|передад|передал|свяж|помож|постара|"
    r"были бы|получили|работаем|рады|сейчас)",
    *(f"{verb},? (?:пожалуйста|пож-та|п-ста)"
      for verb in ("проверьте", "попробуйте", "опишите", "перезагрузите", "скажите")),
    r"пож-та", r"п-ста", r"пож-ста", r"надеемся", r"очень жаль, что у вас",
    r"жаль, что у вас", r"постараемся", r"на связи", r"будем рады",
    r"готовы (?:помочь|изменить|разобраться)", r"поздравляем (?:вас|всех|с)",
    r"нам (?:очень )?приятно", r"хорошего (?:вам )?дня", r"приятного общения",
    r"спасибо за (?:признание|то, что|твит|доверие|выбор|обращение|рекомендаци|отзыв|"
    r"терпение|ожидание|информаци|обратную связь)",
    r"благодарим", r"личные сообщения", r"личных сообщениях", r"директ",
    r"свяж(?:утся|ется|емся) с вами", r"передали ваш", r"передали информацию (?:коллегам|"
    r"специалистам|в)",
)
# The same phrases for a text scanned on its own (``author_role``); over " " + the
# lower-cased text, the character before a phrase matched.
_AGENT_PHRASES = re.compile(r"[^а-яё](?:" + "|".join(AGENT_PHRASES) + ")")
# A capitalised «Вы» in the middle of a sentence: support's politeness.
_POLITE_YOU = re.compile(r"[а-яё,] (?:Вы|Вас|Вам|Вами|Ваш\w*)\b")
# The customer's name with a greeting: «Павел, добрый день», «Доброго дня, Павел!»
_NAME_GREETING = re.compile(
    r"^(?:@\w+[\s,]+)*(?:[А-ЯЁ][а-яё]+,\s*(?:добрый|доброе|доброго|здравствуйте)"
    r"|(?:добрый день|доброго дня|здравствуйте)[,!]?\s*[А-ЯЁ][а-яё]+[!,.])"
)
_EMAIL = re.compile(r"@(?<=\w@)[\w-]+\.[\w.-]+")  # the "@" first: the engine jumps to it


def brand_evidence(
    text: str, phrases: Sequence[str] | None = None
) -> tuple[float, list[str]]:
    """How much ``text`` reads as the brand's own reply, and the signs found.
    ``phrases``: the agent phrases already found in it (persona's scan), or None to
    scan here."""
    signs: list[str] = []
    score = 0.0
    signature = _SIGNATURE.search(text) if "^" in text else None
    if signature is None and "важени" in text:
        signature = _WORD_SIGNATURE.search(text)
    if signature:
        score += 2.0
        signs.append(signature.group(0))
    body = text.rstrip()
    closing = _CLOSING_HASHTAG.search(body) if "#" in body else None
    if closing and len(body.split()) > 3:
        # After a finished sentence it is a signature; a customer's tag is inline.
        score += 1.5 if closing.group(1) else 1.0
        signs.append(closing.group(0).lstrip(".!?) "))
    if phrases is None:
        low = " " + text.lower().replace("ё", "е")
        phrases = [m.group(0)[1:] for m in _AGENT_PHRASES.finditer(low)]
    kinds = sorted(set(phrases))
    score += min(len(kinds), 2)
    signs.extend(kinds[:2])
    if "В" in text and _POLITE_YOU.search(text):
        score += 0.5
    if _NAME_GREETING.search(text):
        score += 0.5
    if "@" in text and _EMAIL.search(text):
        score += 0.5
    return score, signs


def author_role(text: str) -> str:
    """``"brand"`` when the text plainly reads as the brand's support, else ``"customer"``."""
    return "brand" if brand_evidence(text)[0] >= BRAND_FROM else "customer"
