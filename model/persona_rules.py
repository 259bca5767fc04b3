"""Rule evidence for each persona, and the short reasons (signals) shown to the operator.

Each persona gets a raw evidence score: a weighted count of its cues
(``model.persona_features.Cues``), plus the author's behaviour in the thread for the
talker. ``GATE`` (1.0) is one clear sign of the persona's own kind; below it the
persona cannot be named, and style cues («!!!», capitals, emoji, length) only add to
evidence the words already give. ``squash`` maps a raw score to 0..1
(``1 - exp(-s)``). The weights are set by reading the playbook and checked on our own
labels of real messages, never fitted on wild_dev (see ``docs/persona.md``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial
from operator import attrgetter
from typing import Any

import numpy as np

from .persona_features import Cues, ThreadStats, cue_array, tech_score

__all__ = [
    "GATE", "PERSONAS", "brand_signals", "rule_matrix", "signals_for", "squash",
    "thread_evidence",
]

PERSONAS = ("unsure", "talker", "positive", "aggressor", "expert")
GATE = 1.0  # raw evidence of one clear sign: below it a persona cannot be named


def squash(raw: Any) -> Any:
    """0..1 from a raw evidence score (a float or an array of them)."""
    return 1.0 - np.exp(-np.maximum(raw, 0.0))


def rule_matrix(cues: Sequence[Cues], threads: Sequence[ThreadStats] | None = None) -> np.ndarray:
    """Raw evidence, one row per comment, one column per persona (``PERSONAS`` order):
    0 = nothing seen, ``GATE`` (1.0) = one clear sign of the persona, which a persona
    needs before it can be named. Style («!!!», capitals, emoji, length, numbers)
    never makes a persona alone: it sharpens what the words already say."""
    num = partial(cue_array, cues)
    minimum = np.minimum
    n_words = num("n_words")
    excl_many = minimum(num("excl_many"), 2)
    shouting = (num("caps_words") > 0) & (num("caps_ratio") > 0.3)

    # The aggressor: hostility (insults, accusations, threats, demands of punishment,
    # ill wishes, obscenities aimed at someone). One harsh word about a fault is a
    # calm complaint (0.8); «!!!», capitals, «?!» and demands count only with hostility.
    # An obscene word is a swear word (0.7) unless said to the brand («вы ебанутые?»,
    # «ваш интернет говно»): then it is an insult as well.
    personal = num("personal") > 0  # news reports crimes, lawsuits and awards too
    hostility = (
        1.2 * minimum(num("insults") + personal * num("crimes") + num("obscene_aimed"), 2)
        + 0.8 * minimum(num("hostile"), 2)
        + 1.0 * personal * minimum(num("threats"), 2)
        + 0.7 * minimum(num("obscene"), 2)
    )
    sharpen = (
        0.5 * shouting + 0.3 * excl_many + 0.4 * minimum(num("interrobang"), 2)
        + 0.2 * minimum(num("neg_emoji"), 2) + 0.4 * minimum(num("demands"), 2)
    )
    aggressor = hostility + np.where(hostility > 0, sharpen, 0.0)

    # The unsure: doubt, inability, asking for each step. A question or a request for
    # help counts only with them ("a question is not a request for help").
    doubt = 0.9 * minimum(num("unsure_phrases"), 3) + 0.4 * minimum(num("doubt"), 3)
    unsure = doubt + np.where(
        doubt > 0, 0.4 * minimum(num("help"), 2) + 0.2 * (num("n_questions") > 0), 0.0
    )
    unsure[n_words > 40] *= 0.6  # the unsure one "writes little"

    # The positive: praise and joy. Thanks, emoji, «)))», «!!!» and capitals add to
    # praise; plain thanks and a smiley alone are politeness and banter.
    praise = num("praise")
    emotion = (
        1.0 * minimum(praise, 3) + 0.5 * minimum(num("pos_emoji"), 3)
        + 0.4 * minimum(num("smiles_many"), 2) + 0.5 * minimum(num("laugh"), 1)
    )
    thanks = minimum(num("thanks"), 1)
    smile = num("smile_one") > 0
    positive = emotion + np.where(
        emotion > 0.5, 0.4 * thanks + 0.3 * ((excl_many > 0) | shouting | smile), 0.0
    )
    # Thanks with a smiley or «!!!» is joy, not politeness («получилось) спасибо)»).
    positive += np.where((emotion <= 0.5) & (thanks > 0) & (smile | (excl_many > 0)
                                                          | (emotion > 0)), 1.0, 0.0)
    positive[hostility > 0] *= 0.3  # praise beside insults is sarcasm
    positive[~personal] = 0.0  # «стал лучшим банком», «поздравил с праздником»: news

    # The expert: technical vocabulary, several terms or terms with diagnostics done.
    technical = tech_score(num("tech_strong"), num("tech_weak"), num("diagnostics"))
    # News and adverts name technical terms too («скорость до 112 Мбит/с», «драйвер для
    # модема»): a text that does not speak in person needs twice the terms.
    expert = np.maximum(0.0, technical - np.where(personal, 1.0, 2.0))

    # The talker: conversational turns (noticing, adding, a story), two of them or one
    # in a long message, and above all behaviour: several messages in a row. Length,
    # numbers and names alone are not chat; with the turns they are its detail.
    turns = num("talk")
    talker = 0.5 * minimum(turns, 4) + np.where(
        (turns >= 2) | ((turns == 1) & (n_words >= 40)),
        0.4 + 0.1 * minimum(num("details"), 3) + 0.15 * minimum(num("smile_one"), 2)
        + 0.1 * (num("n_sentences") >= 3),
        0.0,
    )
    if threads is not None:
        talker += thread_evidence(threads)
        _hostile_authors(threads, aggressor, talker)
    return np.column_stack([unsure, talker, positive, aggressor, expert])


def _hostile_authors(
    threads: Sequence[ThreadStats], aggressor: np.ndarray, talker: np.ndarray
) -> None:
    """An author who is hostile in one message of the thread is the aggressor in the
    others too («Сколько можно ждать?!» after «жулики!»), and a burst of hostile
    messages is no chat. Comments of one author share one ThreadStats."""
    by_author: dict[int, list[int]] = {}
    for i, t in enumerate(threads):
        if t.count > 1:
            by_author.setdefault(id(t), []).append(i)
    for idx in by_author.values():
        strongest = aggressor[idx].max()
        if strongest >= GATE:
            aggressor[idx] = np.maximum(aggressor[idx], strongest)
            talker[idx] = 0.0


def thread_evidence(threads: Sequence[ThreadStats]) -> np.ndarray:
    """The talker is "always online, writes a lot, answers fast": per comment, from
    its author's behaviour in the thread."""
    n = len(threads)
    count = np.fromiter(map(attrgetter("count"), threads), float, n)
    burst = np.fromiter(map(attrgetter("burst"), threads), float, n)
    chars = np.fromiter(map(attrgetter("total_chars"), threads), float, n)
    return (
        np.where(count >= 3, 1.0, np.where(count == 2, 0.4, 0.0))
        + np.where(burst >= 3, 0.7, np.where(burst == 2, 0.3, 0.0))
        + 0.3 * ((count >= 2) & (chars > 400))
    )


# --- signals: a few words on why, in the operator's language --------------------------
_TEXT = {
    "ru": {
        "tech": "технические термины: {}",
        "diag": "уже проверил сам: {}",
        "insults": "оскорбления: {}",
        "hostile": "резкие слова: {}",
        "demands": "требования: {}",
        "threats": "угрозы, требует наказать: {}",
        "obscene": "мат",
        "caps": "капслок: {}",
        "excl": "«!!!»",
        "interrobang": "«?!»",
        "neg_emoji": "недовольные смайлы",
        "help": "просит помочь: {}",
        "unsure": "неуверенность: {}",
        "praise": "похвала и благодарность: {}",
        "emoji": "эмодзи и смайлы",
        "laugh": "смех",
        "long": "длинное сообщение: {} слов",
        "talk": "разговорные обороты: {}",
        "details": "мелкие подробности (числа, названия)",
        "thread": "{} {} автора в ветке",
        "burst": "{} {} подряд за {} мин",
        "tone": "тон: {}",
        "model": "модель: {:.0%}",
        "none": "явных признаков нет",
        "brand": "ответ бренда: {}",
        "negative": "негативный",
        "positive_tone": "позитивный",
        "msg": ("сообщение", "сообщения", "сообщений"),
    },
    "en": {
        "tech": "technical terms: {}",
        "diag": "already checked: {}",
        "insults": "insults: {}",
        "hostile": "harsh words: {}",
        "demands": "demands: {}",
        "threats": "threats, demands punishment: {}",
        "obscene": "obscenities",
        "caps": "capitals: {}",
        "excl": "«!!!»",
        "interrobang": "«?!»",
        "neg_emoji": "unhappy emoji",
        "help": "asks for help: {}",
        "unsure": "uncertainty: {}",
        "praise": "praise and thanks: {}",
        "emoji": "emoji and smileys",
        "laugh": "laughter",
        "long": "long message: {} words",
        "talk": "conversational turns: {}",
        "details": "small details (numbers, names)",
        "thread": "{} {} by the author in the thread",
        "burst": "{} {} in a row within {} min",
        "tone": "tone: {}",
        "model": "model: {:.0%}",
        "none": "no clear signs",
        "brand": "the brand's reply: {}",
        "negative": "negative",
        "positive_tone": "positive",
        "msg": ("message", "messages", "messages"),
    },
}


def _plural(n: int, forms: tuple[str, str, str], lang: str) -> str:
    if lang != "ru":
        return forms[0] if n == 1 else forms[1]
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def _list(items: list[str], n: int = 3) -> str:
    return ", ".join(items[:n])


def brand_signals(signs: list[str], lang: str = "ru") -> list[str]:
    """Why a message reads as the brand's own reply (its signature, an agent's phrase)."""
    tx = _TEXT.get(lang, _TEXT["ru"])
    return [tx["brand"].format(_list(signs, 2))] if signs else [tx["brand"].format("")]


def signals_for(
    label: str,
    c: Cues,
    t: ThreadStats | None,
    tone: dict | None,
    lang: str = "ru",
    limit: int = 4,
) -> list[str]:
    """Why ``label`` was chosen, in a few words each, strongest reasons first."""
    tx = _TEXT.get(lang, _TEXT["ru"])
    out: list[str] = []
    if label == "none":
        return [tx["none"]]
    if label == "expert":
        if c.tech_strong or c.tech_weak:
            out.append(tx["tech"].format(_list(c.tech_strong + c.tech_weak)))
        if c.diagnostics:
            out.append(tx["diag"].format(_list(c.diagnostics, 2)))
    elif label == "aggressor":
        if c.insults or (c.personal and c.crimes) or c.obscene_aimed:
            out.append(tx["insults"].format(_list(c.insults + c.crimes + c.obscene_aimed)))
        if c.threats and c.personal:
            out.append(tx["threats"].format(_list(c.threats)))
        if c.hostile:
            out.append(tx["hostile"].format(_list(c.hostile)))
        if c.obscene:
            out.append(tx["obscene"])
        if c.demands:
            out.append(tx["demands"].format(_list(c.demands)))
        if c.caps_words and c.caps_ratio > 0.3:
            out.append(tx["caps"].format(_list(c.caps_words, 2)))
        if c.excl_many:
            out.append(tx["excl"])
        if c.interrobang:
            out.append(tx["interrobang"])
        if c.neg_emoji:
            out.append(tx["neg_emoji"])
    elif label == "unsure":
        if c.help:
            out.append(tx["help"].format(_list(c.help, 2)))
        phrases = [p for p in c.unsure_phrases + c.doubt if p not in c.help]
        if phrases:
            out.append(tx["unsure"].format(_list(phrases, 2)))
    elif label == "positive":
        if c.praise or c.thanks:
            out.append(tx["praise"].format(_list(c.praise + c.thanks)))
        if c.pos_emoji or c.smiles_many:
            out.append(tx["emoji"])
        if c.laugh:
            out.append(tx["laugh"])
    elif label == "talker":
        if t is not None and t.burst >= 2:
            minutes = max(1, math.ceil(t.burst_minutes))
            out.append(
                tx["burst"].format(t.burst, _plural(t.burst, tx["msg"], lang), minutes)
            )
        if t is not None and t.count >= 2 and t.count > t.burst:
            out.append(tx["thread"].format(t.count, _plural(t.count, tx["msg"], lang)))
        if c.talk:
            out.append(tx["talk"].format(_list(c.talk)))
        if c.talk and c.n_words > 25:
            out.append(tx["long"].format(c.n_words))
        if c.talk and c.details >= 2:
            out.append(tx["details"])
    if tone and label in ("aggressor", "positive"):
        tone_label = tone.get("label")
        if label == "aggressor" and tone_label == "negative":
            out.append(tx["tone"].format(tx["negative"]))
        elif label == "positive" and tone_label == "positive":
            out.append(tx["tone"].format(tx["positive_tone"]))
    return out[:limit]
