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

__all__ = ["BRAND_FROM", "author_role", "brand_evidence"]

BRAND_FROM = 2.0

# A support agent's initials after a caret («^СН», «^AX»): a team's signature.
_SIGNATURE = re.compile(r"\^[А-ЯЁA-Z]{1,3}\b")
# A hashtag closing the message («… #билайн», «…=&gt;#билайн»): how brand teams sign.
_CLOSING_HASHTAG = re.compile(r"(?:([.!?)])\s*)?#[\w-]+\s*$")
# What an agent writes: asking for details, pointing to a channel, promising to act,
# apologising for the brand. Each phrase kind counts once.
_AGENT_PHRASES = re.compile(
    r"(?<![а-яё])(?:"
    r"уточните|укажите|сообщите|пришлите|отправьте|напишите нам|обратитесь|"
    r"рекомендуем|приносим (?:свои )?извинения|просим (?:прощения|извинить|подождать|"
    r"немного|ещ[её])|"
    r"наш(?:и|им|их) (?:специалист|сотрудник|коллег|инженер|техник|менеджер)|"
    r"мы (?:обязательно )?(?:провер|уточн|разбер|передад|передал|свяж|помож|постара|были бы|"
    r"получили|работаем|рады|сейчас)|"
    r"наш(?:и|им|их|ем|ей|его|ими|а|у)? (?:сайт|услуг|офис|покрыти|абонент|клиент|сет[иьей]|"
    r"оборудовани|приложени)|"
    r"(?:проверьте|попробуйте|опишите|перезагрузите|скажите),? (?:пожалуйста|пож-та|п-ста)|"
    r"пож-та|п-ста|пож-ста|"
    r"надеемся|(?:очень )?жаль, что у вас|"
    r"постараемся|на связи|будем рады|готовы (?:помочь|изменить|разобраться)|"
    r"поздравляем (?:вас|всех|с)|нам (?:очень )?приятно|хорошего (?:вам )?дня|"
    r"приятного общения|спасибо за (?:признание|то, что|твит|доверие|выбор)|"
    r"благодарим|спасибо за (?:обращение|рекомендаци|отзыв|терпение|ожидание|информаци)|"
    r"(?:в )?(?:личные сообщения|личных сообщениях|директ)"
    r")"
)
# A capitalised «Вы» in the middle of a sentence: support's politeness.
_POLITE_YOU = re.compile(r"(?<=[а-яё,] )(?:Вы|Вас|Вам|Вами|Ваш\w*)\b")
# The customer's name with a greeting: «Павел, добрый день», «Доброго дня, Павел!»
_NAME_GREETING = re.compile(
    r"^(?:@\w+[\s,]+)*(?:[А-ЯЁ][а-яё]+,\s*(?:добрый|доброе|доброго|здравствуйте)"
    r"|(?:добрый день|доброго дня|здравствуйте)[,!]?\s*[А-ЯЁ][а-яё]+[!,.])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def brand_evidence(text: str) -> tuple[float, list[str]]:
    """How much ``text`` reads as the brand's own reply, and the signs found."""
    signs: list[str] = []
    score = 0.0
    if _SIGNATURE.search(text):
        score += 2.0
        signs.append(_SIGNATURE.search(text).group(0))
    body = text.rstrip()
    closing = _CLOSING_HASHTAG.search(body)
    if closing and len(body.split()) > 3:
        # After a finished sentence it is a signature; a customer's tag is inline.
        score += 1.5 if closing.group(1) else 1.0
        signs.append(closing.group(0).lstrip(".!?) "))
    phrases = {m.group(0).lower() for m in _AGENT_PHRASES.finditer(text.lower().replace("ё", "е"))}
    score += min(len(phrases), 2)
    signs.extend(sorted(phrases)[:2])
    if _POLITE_YOU.search(text):
        score += 0.5
    if _NAME_GREETING.search(text):
        score += 0.5
    if _EMAIL.search(text):
        score += 0.5
    return score, signs


def author_role(text: str) -> str:
    """``"brand"`` when the text plainly reads as the brand's support, else ``"customer"``."""
    return "brand" if brand_evidence(text)[0] >= BRAND_FROM else "customer"
