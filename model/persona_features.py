"""What a careful trainer looks at in a comment, as numbers: the persona cues.

Three kinds of evidence, each computed cheaply:

* ``text_cues(text)``: lexicons matched on lemmas (``model.lemmas``) and on raw
  text (technical terms, insults, threats and demands, uncertainty and requests for
  help, praise and emoji, talkative discourse markers), plus the style of the text
  (capitals, «!!!», «?!», length, sentences, small details such as numbers and quotes).
* ``thread_stats(comments)``: the author's behaviour in the batch the caller sends
  (how many comments the same author left, how long, how quickly one after another).
* ``persona_tokens`` / ``StyleFeatures``: the inputs of the scikit-learn model; they
  live here, not in the training script, so that the pickled pipeline finds them.

The lexicons are deliberately broad (lemmas and stems, not phrases from any example
set): the persona examples we evaluate on are written by other hands than ours.
"""

from __future__ import annotations

import math
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .lemmas import analyzer, word_lemmas
from .normalize import MARKERS, count_emoji, normalize  # one definition of "positive emoji"
from .normalize import clean as clean_text
from .persona_author import AGENT_PHRASES
from .persona_obscene import ALTERNATIVES as OBSCENE_ALTERNATIVES
from .persona_obscene import aimed_words, is_innocent, with_masked

__all__ = [
    "Cues",
    "StyleFeatures",
    "ThreadStats",
    "cue_array",
    "persona_tokens",
    "tech_score",
    "text_cues",
    "thread_stats",
]

# --- technical vocabulary (the expert) -------------------------------------------------
# Stems matched at the start of a lower-cased word; long enough not to hit common words.
TECH_STEMS_STRONG = (
    "пинг", "трассировк", "трейсроут", "маршрутизат", "шлюз", "резолвер", "мультикаст",
    "балансировщ", "бэкенд", "бекенд", "фронтенд", "прошивк", "перепрошив", "коммутатор",
    "свитч", "айпи", "сервер", "консол", "джиттер", "латенс", "апстрим", "аплинк",
    "оптоволок", "подсет", "драйвер", "днс", "дхцп", "впн",
    "прокси", "конфиг", "сабнет", "патч-корд", "пропускн", "ретрансл",
    "мегагерц", "гигагерц", "скрипт",
    "куки", "логах", "логи", "логе", "кодек", "битрейт", "порт", "вилан",
    "эмулятор", "дебаг", "отладк", "вебсокет", "эндпоинт", "хостинг", "репозитор",
    "децибел", "мак-адрес", "ip-адрес", "айпишник", "файрвол", "брандмауэр", "фаервол",
    "субнет", "сокет", "терабайт", "хоп",
)
# Everyday words that also belong to the domain: evidence only when several meet.
TECH_STEMS_WEAK = (
    "роутер", "вайфай", "вай-фай", "интернет", "скорост", "кабел", "сигнал", "браузер",
    "настройк", "приставк", "перезагруз", "приложени", "сайт", "ноутбук", "компьютер",
    "провайдер", "ошибк", "обновлени", "версии", "версия", "режим", "устройств", "модем",
    "маршрут", "канал", "запрос", "заголов", "диапазон", "частот", "антенн", "оптик",
    "сетев", "диагностик", "задержк", "телевизор", "протокол", "сертификат", "интерфейс",
    "кэш", "кеш", "домен", "тикет", "пакетов", "пакеты", "маск", "мегабит", "гигабит",
    "мбит", "гбит", "кбит",
)
# Words that start like a technical stem but are not technical.
TECH_FALSE = (
    "портит", "портят", "портрет", "портфел", "порци", "портал", "портн", "кэшбэк",
    "кешбэк", "кэшбек", "кешбек", "пингвин", "маршрутк", "запросто", "маскар", "маски",
    "маску", "маска", "маской", "логичн", "логика", "кэшин", "кешин", "хопа",
)
# Diagnostics already done, the problem located: "knows exactly where the problem is".
DIAGNOSTIC_LEMMAS = frozenset({
    "исключить", "воспроизводиться", "воспроизвести", "замерить", "замер", "проверить",
    "трассировать", "пинговать", "логировать", "судя", "сбросить", "переподключить",
    "потеря", "отдавать", "блокировать", "обходить", "привязка", "ограничение",
})
# Latin words are technical only when they are known to be: a brand («MTS», «VTB»),
# a product («Smart+», «HD-voice»), retweet markup («RT») or a word in capitals
# («STOP», «BRKNG») is not. Matched lower-cased, whole tokens.
TECH_LATIN_STRONG = frozenset({
    "dns", "dhcp", "ip", "ipv4", "ipv6", "pppoe", "l2tp", "pptp", "vlan", "vpn", "api",
    "mac", "nat", "wan", "lan", "ont", "olt", "gpon", "epon", "xpon", "sfp", "bgp", "ospf",
    "mtu", "mss", "qos", "snmp", "ssh", "ssl", "tls", "tcp", "udp", "icmp", "igmp", "arp",
    "multicast", "unicast", "iptv", "ping", "traceroute", "tracert", "mtr", "nslookup",
    "dig", "netstat", "wireshark", "tcpdump", "iperf", "nginx", "apache", "cors", "csp",
    "json", "xml", "sdk", "cdn", "ddos", "dpi", "nxdomain", "servfail", "ttl", "rssi",
    "dbm", "jitter", "latency", "packet", "loss", "firmware", "bras", "nas", "radius",
    "mikrotik", "routeros", "openwrt", "keenetic", "ubiquiti", "cisco", "juniper",
    "subnet", "gateway", "proxy", "doh", "dot", "https", "http", "ftp", "smtp", "imap",
    "pop3", "ssid", "wpa", "wpa2", "wpa3", "wps", "mimo", "dfs", "ipsec", "openvpn",
    "wireguard", "linux", "ubuntu", "debian", "bios", "uefi", "cli", "backend", "frontend",
    "cookie", "cookies", "cache", "localhost", "dmz", "upnp", "nat-pmp", "ip-tv", "stun",
    "sip", "voip", "rtp", "codec", "bitrate", "mbps", "gbps", "kbps", "mhz", "ghz", "ms",
})
# Everyday words of the domain: evidence only when several meet.
TECH_LATIN_WEAK = frozenset({
    "wi-fi", "wifi", "lte", "3g", "4g", "5g", "edge", "router", "modem", "android", "ios",
    "iphone", "windows", "macos", "chrome", "firefox", "safari", "opera", "browser",
    "bluetooth", "usb", "nfc", "gps", "sim", "esim", "tp-link", "zyxel", "huawei", "zte",
    "asus", "d-link", "speedtest",
})
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-./][A-Za-z0-9]+)*")
_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z0-9-]+$")
_UNIT = re.compile(  # a digit first: the engine skips to digits; only at a number's start
    r"\d(?<!\d\d)\d*(?:[.,]\d+)?\s?(?:мс|ms|мгц|ггц|mhz|ghz|dbm|дбм)(?![а-яёa-z])",
    re.IGNORECASE,
)
# A digit first and "no word character before it" checked behind: as \b\d{1,3}..., but
# the regex engine can jump from digit to digit.
_IPLIKE = re.compile(
    r"\d(?<!\w\d)\d{0,2}\.\d{1,3}\.[\dx*]{1,3}\.[\dx*]{1,3}\b", re.IGNORECASE
)
_HTTP_CODE = re.compile(r"\b(?:40[0-9]|50[0-4])\b")
_DIGIT = re.compile(r"\d")

# Phrase lists are regular expressions over the lower-cased text (``ё`` folded), each
# starting with a plain letter; they are all matched in one scan, ``_LOW_CUES`` below.


# --- insults, hostility, threats and demands (the aggressor) ------------------------------
INSULT_LEMMAS = frozenset({
    "жулик", "ворюга", "ворье", "урод", "уродский", "идиот", "дебил",
    "тупой", "тупица", "дурак", "кретин", "придурок", "хам", "хамка", "хамло", "козел",
    "скотина", "быдло", "сволочь", "мразь", "гад", "упырь", "кидала", "кидалово",
    "лохотрон", "шарага", "шарашкин", "клоун", "бездельник", "бестолочь", "дармоед",
    "криворукий", "обманщик", "ублюдок", "нелюдь", "тварь", "лохотронщик",
    "разводила", "бездарь", "бездарный", "дно", "гнида",
    "жлоб", "хапуга", "рвач", "паразит", "кровопийца",
    "шайка", "сброд", "олух", "балбес", "болван", "неуч", "некомпетентный", "безмозглый",
    "идиотский", "дебильный", "тупость", "ничтожество", "хамский", "хамство", "мерзавец",
    "невежда", "помойка", "днище", "хитрожопый", "хитрожопость", "обдиралово", "жулье",
    "шарашка", "лжец", "врун", "вымогатель", "жульничество", "дура",
    "воровство", "вранье", "коррупционер", "взяточник", "долбон",
    "подонок", "подлец", "негодяй", "чмо", "дибил", "дибить",  # pymorphy: «дибил» → «дибить»
})
# Hostility: accusations and harsh judgements of the brand. Mild exclamations
# («блин», «черт», «офигеть») and plain words of a complaint («хуже», «ответить»)
# are not here: a calm complaint is not an aggressor.
HOSTILE_LEMMAS = frozenset({
    "издевательство", "безобразие", "беспредел", "бардак", "позор", "позорище", "стыдно",
    "стыд", "наглость", "наглый", "отвратительный", "омерзительный", "ужасный", "кошмар",
    "худший", "отстой", "задолбать", "бесить", "ненавидеть", "ненависть",
    "хамить", "нахамить", "обмануть", "обманывать", "обман", "обсчитать", "обокрасть",
    "украсть", "воровать", "швырнуть", "отвратно", "мерзкий", "гнилой", "убогий",
    "кошмарный", "безобразный", "возмутительный", "возмущать", "возмущение", "бесполезный",
    "наплевать", "бессовестный", "надоесть", "сдохнуть", "подавиться",
    "разорить", "провалиться", "чертов", "обнаглеть", "оборзеть", "зажраться",
    "достали", "дерьмо", "дерьмовый", "гадость", "гадкий", "паршивый", "кидать", "кинуть",
    "надуть", "обдирать", "наживаться", "неуважение", "халатность", "произвол", "тошнить",
    "утомить", "задрать", "обворовать", "издеваться", "грабить", "обобрать", "отвратительно",
    "ужасно",
    "врать", "соврать", "наврать", "лгать", "красть", "обворовывать", "коррупция",
    "коррупционный", "гребаный", "долбаный", "долбанный", "сраный", "адский", "озвереть",
})
# Crimes named: an accusation when the writer speaks to or of the brand in person
# («вы воры», «меня обманули, мошенники»), news when reported («ФАС наказала…»).
CRIME_LEMMAS = frozenset({
    "мошенник", "мошенничество", "вор", "аферист", "развод", "грабеж", "бандит", "грабитель",
    "лох",
})
# Threats and demands of punishment: what the aggressor wants done to the brand; in a
# news report («подал иск», «ФАС оштрафовала») they are no threat.
THREAT_LEMMAS = frozenset({
    "суд", "судиться", "прокуратура", "роспотребнадзор", "пожаловаться", "уволить",
    "наказать", "гнать", "антимонопольный", "фас", "юрист", "адвокат", "полиция", "иск",
    "вышвырнуть", "выгнать", "разогнать", "сажать", "посадить", "расторгнуть",
})
# Demands: they sharpen hostility but are a calm request on their own.
DEMAND_LEMMAS = frozenset({
    "требовать", "требование", "немедленно", "компенсация", "компенсировать", "претензия",
    "жалоба",
})
# Verbs that are a demand when used in the imperative («верните», «разберитесь»).
DEMAND_IMPERATIVES = frozenset({
    "вернуть", "разобраться", "уволить", "наказать", "убрать", "прекратить", "исправить",
    "компенсировать", "перестать", "отстать", "верните", "объясниться", "отвечать", "ответить",
    "починить", "сделать", "включить", "отменить", "возместить",
})
# Exasperation and demands: they sharpen hostility; alone they are a complaint
# («третий день нет связи» is a calm report of a long fault).
_DEMAND_PHRASES = (
    r"сколько (?:можно|ещ[её] ждать)", r"до каких пор", r"в который раз",
    *(f"{n} (?:раз|день|неделю|месяц)"
      for n in ("десятый", "пятый", "четв[её]ртый", "третий", "сотый", "очередной")),
    r"за что (?:мы )?платим", r"где (?:мои|наши) деньги", r"разберитесь", r"верните",
)
# Threats of leaving and of telling others, and ill wishes.
_THREAT_PHRASES = (
    r"уйду к", r"закрою (?:все )?сч[её]т", r"всем (?:знакомым|друзьям)",
    r"отзыв(?:ы)? (?:напишу|оставлю)", r"больше ни ?ногой", r"никому не (?:советую|рекомендую)",
    r"ни ?когда больше", r"чтоб(?:ы)? (?:вы|вам|вас|ты|вашу)\b", r"будьте вы", r"вон из",
)
# Accusations in a phrase.
_HOSTILE_PHRASES = (
    r"вы там (?:спите|уснули|совсем|вообще)", r"вы хоть (?:читаете|понимаете|что-то)",
    r"какого (?:черта|ч[её]рта|хрена|лешего)", r"не сервис", r"руки из",
    r"за (?:лохов|идиотов|дураков|баранов|быдло)", r"совести нет", r"совсем обнаглели",
    r"что за (?:хрень|фигня|бред|дичь|беспредел)",
)

# --- uncertainty and requests for help (the unsure) --------------------------------------
HELP_LEMMAS = frozenset({
    "подсказать", "помочь", "помогать", "объяснить", "разъяснить", "научить",
    "подскажите", "помощь", "пояснить", "посоветовать", "совет", "инструкция",
})
# Doubt about oneself: fear of a mistake, confusion. Hedges («наверное», «вроде») and
# polite words («извините», «уточнить») are everyone's, not the unsure one's.
DOUBT_LEMMAS = frozenset({
    "бояться", "страшно", "волноваться", "переживать", "сомневаться", "запутаться",
    "растеряться", "стесняться", "новичок", "чайник", "ошибиться", "испугаться",
    "перепутать", "напутать", "непонятный",
})
# Doubt and inability, or asking for each step. A plain question («как узнать
# баланс?», «можно ли…?») is not unsure, nor is a rhetorical one («это нормально?»,
# «не понимаю, почему вы…»): those are excluded by the look-aheads.
_UNSURE_PHRASES = (
    r"не (?:очень |совсем |особо |сильно |могу )?(?:понимаю|разбираюсь|уверен|"
    r"уверена|соображаю|получается|получилось|выходит|могу найти|могу понять|"
    r"нахожу|помню|(?:знаю|понял|поняла|нашла|нашел),? (?:как|что|куда|где))"
    r"(?!,? (?:почему|зачем|за что|с какой|как можно|как так|что (?:вы|у вас|происходит)))",
    r"что (?:мне )?(?:нажать|выбрать|дальше)", r"что (?:мне )?делать дальше",
    r"куда (?:нажать|жать|зайти|смотреть)",
    r"с чего начать", r"как (?:мне )?быть\b",
    *(f"{me}правильно (?:ли )?(?:я )?(?:понимаю|понял|поняла|делаю|сделал|сделала)(?![а-яё])"
      for me in ("я ", "")),
    r"это нормально,? (?:что|если)", r"помогите (?:разобраться|пожалуйста|мне)",
    r"в технике не", r"не разбира", r"извините,? (?:а|за беспокойство|пожалуйста,? а)",
    r"простите,? (?:а|за беспокойство)",
    r"ничего не (?:понимаю|получается|выходит)", r"что (?:я )?(?:делаю )?не так",
    r"я что-то (?:не так|сделал|сделала|нажал|нажала)",
    r"что-то (?:не так сделал|не то нажал)",
    # Fear of one's own mistake, and asking what happens if one does something.
    r"боюсь,? (?:что-то |что-нибудь |что )?(?:[а-яё]+ть|сделаю|нажму|сломаю|испорчу)(?![а-яё])",
    r"глупый вопрос",
    r"а если я", r"что будет,? если я",
)

# --- praise, joy and emoji (the positive) ----------------------------------------------
# Plain thanks are politeness («спасибо, жду ответа»): the positive one needs emotion.
THANKS_LEMMAS = frozenset({
    "спасибо", "благодарить", "благодарность", "благодарный", "спасибочки", "благодарочка",
})
PRAISE_LEMMAS = frozenset({
    "обожать", "любить",
    "любовь", "супер", "классный", "классно", "крутой", "круто", "чудо",
    "чудесный", "прекрасный", "отличный", "отлично", "замечательный", "великолепный",
    "восхитительный", "волшебный", "лучший", "молодец", "умница", "счастливый",
    "счастье", "радость", "рад", "радовать", "ура", "восторг", "кайф", "огонь", "шикарный",
    "бомба", "вкусный", "вкуснятина", "нравиться", "понравиться", "удача", "приятный",
    "приятно", "восхищаться", "респект",
    "браво", "мечта", "обалденный", "офигенный", "потрясающий", "здорово", "клевый",
    "милый", "милота", "прелесть", "душевный", "любимый", "герой", "ахах",
    "сердечко", "ангел", "волшебник", "профессионал", "прикольный", "адекватный",
    "восхищение", "наслаждаться", "довольный", "порадовать", "вдохновлять", "уютный",
})
_PRAISE_PHRASES = (
    r"спасибо (?:вам )?(?:огромное|большое|преогромное)", r"огромное спасибо",
    r"большое (?:вам )?спасибо",
    r"вы (?:лучшие|супер|молодцы|чудо|лучше всех|просто)", r"\bлучш(?:ий|ая|ее|ие|его|ей)\b",
    r"с праздником", r"с днем", r"так держать", r"люблю вас", r"обожаю",
)

# --- the talker: discourse markers, details, suggestions ---------------------------------
# The talker's turns: noticing, adding, telling a story. Everyday words («вот», «ещё»,
# «вообще», «теперь», «мама») are everyone's and are not here.
TALK_LEMMAS = frozenset({
    "кстати", "заметить", "подметить", "вопросик", "мелочь",
    "забавно", "поспорить", "спорить",
})
_TALK_PHRASES = (
    r"опять я", r"снова я", r"это снова", r"я тут",
    r"хотел(?:а)? (?:бы )?(?:добавить|уточнить|сказать|предложить)",
    r"а ещ[её] (?:вот|вопрос|хотел|заметил)",
    r"кстати", r"может(?:,)? (?:стоит|сделать|вам)",
    r"было бы (?:удобно|здорово|неплохо|классно|круто)", r"а можно (?:ещ[её] )?сделать",
    r"я не жалуюсь", r"просто интересно", r"мне интересно",
    r"пишу (?:уже )?(?:второй|третий|ещ[её])",
    *(f"{w} (?:я|мы)(?= )" for w in ("вчера", "сегодня", "позавчера", "утром", "вечером")),
    r"мы с (?:мужем|женой|мамой|сестрой|братом|подругой|другом|соседом|детьми|дочкой|"
    r"сыном|дочерью)", r"вот что подумал", r"пока ждал",
    r"заметил", r"заметила", r"обратил(?:а)? внимание",
)
# One character class first (sentence ends or a closing bracket), the alternatives
# after it: the regex engine can then jump from candidate to candidate. The same
# matches as ``[.!?…]+(?:\s|$)|\)\s+(?=[А-ЯA-Z])``.
_SENTENCE_END = re.compile(r"[.!?…)](?:(?<=[.!?…])[.!?…]*(?:\s|$)|(?<=\))\s+(?=[А-ЯA-Z]))")
_QUOTES = re.compile("[«»\"“”]")
_NUMBER = re.compile(r"\d\d*")
# A name mid-sentence: a capitalised word after a small letter or , : ; and a space.
# The space first: the engine jumps from space to space (see _count_names).
_CAPITAL_WORD = re.compile(r" (?<=[а-яёa-z,:;] )[А-ЯЁ][а-яё]+")

# --- style -------------------------------------------------------------------------------
# A capital first, the word boundary checked behind it: same matches as
# \b[А-ЯЁA-Z]{4,}\b, but the regex engine can jump from capital to capital.
_CAPS_WORD = re.compile(r"[А-ЯЁA-Z](?<!\w[А-ЯЁA-Z])[А-ЯЁA-Z]{3,}(?!\w)")
_NON_LETTERS = re.compile(r"[^А-Яа-яЁёA-Za-z]+")  # letters: what a deletion leaves
_UPPER = re.compile(r"[А-ЯЁA-Z]")
_EXCL_MANY = re.compile(r"!{2,}")
_INTERROBANG = re.compile(r"\?!|!\?")
_SMILE_MANY = re.compile(r"\){2,}|:-?\){2,}|\^_*\^")
_SMILE_ONE = re.compile(r"\)(?<![)(]\))(?!\))")  # literal first: fast search
# The eyes first and the "not after a letter" check behind them: a literal start lets
# the regex engine jump between candidates (three times faster than (?<!\w) first).
_POS_EMOTICON = re.compile(r"[:;=](?<!\w[:;=])[-~^']?[)\]D3*P]+")
# The same matches as [:;=](?<!\w[:;=])[-~']?[(\[/\\]+|\({2,}, but one class first: the
# regex engine jumps between candidates instead of trying both branches everywhere.
_NEG_EMOTICON = re.compile(r"[:;=(](?:(?<=[:;=])(?<!\w[:;=])[-~']?[(\[/\\]+|(?<=\()\(+)")
_LAUGH = (r"аха(?:ха)+", r"ах(?:ах)+", r"хаха(?:ха)*", r"хехе(?:хе)*", r"лол", r"ор+у")

# Every cue of the lower-cased text in one scan (phrases, obscene roots, laughter and
# technical stems), built as a trie on the first two letters: at a word start the
# regex engine compares one letter with about twenty literals, then the next with a
# few, and tries only the alternatives that start so. Measured per 100 comments: six
# scans 3.4 ms; one alternation per list 1.5 ms; a trie on the first letter 0.8 ms;
# on two, each cue's group empty and last so that every alternative starts with a
# literal the engine rejects at once, 0.6 ms with the stems included; the same
# matches on 65,972 corpus texts. Every cue follows no Cyrillic letter, so obscene
# roots and laughter are found behind Latin look-alikes («aхаха» with a Latin a).
# What else must not come right before a cue: a phrase follows no Latin letter
# either; a technical stem starts a word as model.lemmas reads words (no digit or
# Latin letter glued in front, not the second half of a hyphenated word).
_AFTER_NO_LETTER = ("[a-z]",)
_WORD_START = ("[a-z0-9]", "[а-яёa-z0-9]-")
# A technical stem and the rest of its word, as model.lemmas reads a word; the parts
# after a hyphen are read apart (_HYPHEN_PARTS), so that the scan still sees them.
_TECH_WORD = "{}[а-яёa-z0-9]*"
_HYPHEN_PARTS = re.compile(r"(?:-[а-яёa-z0-9]+)*")
_TECH_CUES = frozenset({"tech_strong", "tech_weak"})
_CUE_LISTS = (  # (field of Cues, what must not come right before it, its alternatives)
    ("demands", _AFTER_NO_LETTER, _DEMAND_PHRASES),
    ("unsure_phrases", _AFTER_NO_LETTER, _UNSURE_PHRASES),
    ("praise", _AFTER_NO_LETTER, _PRAISE_PHRASES),
    ("talk", _AFTER_NO_LETTER, _TALK_PHRASES),
    ("threats", _AFTER_NO_LETTER, _THREAT_PHRASES),
    ("hostile", _AFTER_NO_LETTER, _HOSTILE_PHRASES),
    ("laugh", (), _LAUGH),
    ("tech_strong", _WORD_START, tuple(map(_TECH_WORD.format, TECH_STEMS_STRONG))),
    ("tech_weak", _WORD_START, tuple(map(_TECH_WORD.format, TECH_STEMS_WEAK))),
    ("obscene", _AFTER_NO_LETTER, OBSCENE_ALTERNATIVES),
    ("brand_phrases", _AFTER_NO_LETTER, AGENT_PHRASES),  # last: a customer's cue first
)
_TRIE_CHARS = frozenset("абвгдежзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyz ,-")


def _literal_head(rest: str) -> str | None:
    """The first character of ``rest`` when it is a plain one the pattern must match."""
    head = rest[:1]
    return head if head in _TRIE_CHARS and rest[1:2] not in ("?", "*", "+", "{") else None


def _cue_trie(
    lists: Sequence[tuple[str, Sequence[str], Sequence[str]]], depth: int = 2
) -> tuple[str, list[str]]:
    """The alternation of ``lists`` as a trie on its first ``depth`` characters, and the
    cue of each group (``m.lastindex``).

    Alternatives that start with different characters never match at the same place,
    so branching on them keeps the leftmost-first choice of the plain alternation; a
    node whose alternatives do not all start with a plain character is not split.
    What each alternative must not follow is checked behind, once the trie's
    characters are consumed.
    """
    items = []  # (cue, must not follow, the rest of the pattern)
    for cue, not_after, alternatives in lists:
        for alt in alternatives:
            behind = list(not_after)
            if alt.startswith(r"\b"):
                alt = alt[2:]
                behind.append(r"\w")
            if not alt[:1].isalpha() or _literal_head(alt) is None:
                raise ValueError(f"cue phrase must start with a plain letter: {alt!r}")
            items.append((cue, behind, alt))
    group_cues = [""]  # group number -> cue (group 0 is the whole match)

    def node(items: list[tuple[str, list[str], str]], level: int) -> str:
        if level == 0 or (level < depth and len(items) > 1
                          and all(_literal_head(rest) for _, _, rest in items)):
            by_head: dict[str, list[tuple[str, list[str], str]]] = {}
            for cue, behind, rest in items:
                by_head.setdefault(rest[0], []).append((cue, behind, rest[1:]))
            return "(?:" + "|".join(
                re.escape(head) + node(sub, level + 1) for head, sub in by_head.items()
            ) + ")"
        runs: list[tuple[str, str, list[str]]] = []  # neighbours of one cue share a group
        for cue, behind, rest in items:
            check = "".join(f"(?<!{b}{'.' * level})" for b in behind)
            if runs and runs[-1][:2] == (cue, check):
                runs[-1][2].append(rest)
            else:
                runs.append((cue, check, [rest]))
        alternatives = []
        for cue, check, rests in runs:
            group_cues.append(cue)
            alternatives.append(f"{check}(?:{'|'.join(rests)})()")
        return "(?:" + "|".join(alternatives) + ")"

    # The character before the cue is matched, not looked behind at: a class first lets
    # the engine jump from word start to word start (a look behind is tried at every
    # character). Scan " " + text and drop each match's first character; no cue ends
    # in a non-letter the next cue would need (tests hold the scan to the plain
    # alternation with look-behinds).
    return r"[^а-яё]" + node(items, 0), group_cues


_LOW_CUES_PATTERN, _LOW_CUE_OF_GROUP = _cue_trie(_CUE_LISTS)
_LOW_CUES = re.compile(_LOW_CUES_PATTERN)


_PRONOUNS = (
    "я", "меня", "мне", "мной", "мною", "мы", "нас", "нам", "нами", "вы", "вас", "вам",
    "вами", "ты", "тебя", "тебе", "тобой", "тобою",
    *(stem + end for stem in ("мо", "тво") for end in (
        "й", "я", "е", "и", "ю", "его", "ей", "ему", "им", "их", "ими", "ем")),
    *(stem + end for stem in ("наш", "ваш") for end in (
        "", "а", "е", "и", "у", "его", "ей", "ему", "им", "их", "ими", "ем")),
)
# Common verbs of a writer speaking for themselves, without a pronoun.
_FIRST_PERSON_VERBS = (
    "буду", "будем", "подам", "подадим", "напишу", "напишем", "обращусь", "пожалуюсь",
    "уйду", "уйдем", "жду", "ждем", "пишу", "требую", "требуем", "хочу", "хотим", "прошу",
    "просим", "заберу", "расторгну", "верните", "объясните", "обожаю", "люблю",
)
# The writer speaks in person (to the brand, or of themselves): what separates a
# customer's praise or threat from a news report of one. Also a message opening with a
# handle: addressed to someone. Over " " + the lower-cased text: the character before
# a word matched, not looked behind at.
_PERSONAL = re.compile(
    r"[^а-яё](?:" + "|".join(sorted({*_PRONOUNS, *_FIRST_PERSON_VERBS}, key=len, reverse=True))
    + r")(?![а-яё])|^ @\w"
)


_NEWS_PRONE = frozenset({"praise", "thanks", "threats", "crimes"})


@lru_cache(maxsize=20_000)
def _is_imperative(word: str) -> bool:
    return any(p.tag.mood == "impr" for p in analyzer().parse(word)[:2])


@dataclass
class Cues:
    """Evidence found in one comment's text; tuples hold the words as written (the
    cues are cached and shared, so nothing in them changes once made)."""

    n_words: int = 0
    n_sentences: int = 0
    n_questions: int = 0
    tech_strong: tuple[str, ...] = ()
    tech_weak: tuple[str, ...] = ()
    diagnostics: tuple[str, ...] = ()
    insults: tuple[str, ...] = ()
    hostile: tuple[str, ...] = ()
    demands: tuple[str, ...] = ()
    threats: tuple[str, ...] = ()
    crimes: tuple[str, ...] = ()
    personal: bool = False
    obscene: tuple[str, ...] = ()
    obscene_aimed: tuple[str, ...] = ()  # of them, said to the brand («вы ебанутые»)
    brand_phrases: tuple[str, ...] = ()  # an agent's phrases (model.persona_author)
    caps_words: tuple[str, ...] = ()
    caps_ratio: float = 0.0
    excl_many: int = 0
    interrobang: int = 0
    help: tuple[str, ...] = ()
    doubt: tuple[str, ...] = ()
    unsure_phrases: tuple[str, ...] = ()
    praise: tuple[str, ...] = ()
    thanks: tuple[str, ...] = ()
    pos_emoji: int = 0
    neg_emoji: int = 0
    smiles_many: int = 0
    smile_one: int = 0
    laugh: int = 0
    talk: tuple[str, ...] = ()
    details: int = 0
    numbers: int = 0
    quotes: int = 0
    latin_acronyms: int = 0

    @property
    def tech_score(self) -> float:
        return tech_score(len(self.tech_strong), len(self.tech_weak), len(self.diagnostics))


def tech_score(strong: Any, weak: Any, diagnostics: Any) -> Any:
    """How technical a text is, from how many strong and weak technical terms and
    diagnostics it holds (numbers, or arrays of them for a batch)."""
    return strong + 0.3 * weak + 0.5 * diagnostics


def _dedup(items: Sequence[str], limit: int = 6) -> tuple[str, ...]:
    """First occurrence of each item (case-insensitive), in order, at most ``limit``."""
    if not items:
        return ()
    seen: dict[str, str] = {}
    for it in items:
        key = it.lower()
        if key not in seen and len(seen) < limit:
            seen[key] = it
    return tuple(seen.values())


def _count_names(text: str) -> int:
    """How many times ``[а-яёa-z,:;] [А-ЯЁ][а-яё]+`` matches: each match found by
    _CAPITAL_WORD, less those right after a counted one (whose first character the
    longer pattern would have taken already)."""
    n, end = 0, -1
    for m in _CAPITAL_WORD.finditer(text):
        if m.start() > end:
            n += 1
            end = m.end()
    return n


# Not vocabulary: links, handles and the domain of an e-mail address («@beeline.ru»;
# its local part is an ordinary word), hashtags, VK mentions. Each starts with a
# literal, so the regex engine jumps between candidates.
_NOT_TERMS = re.compile(r"(?:https?://|www\.)\S+|[@#][\w.-]*\w|\[[^\]|]*\|[^\]]*\]")


def _latin_kind(tok: str) -> int:
    """A Latin token: 2 a known technical term, 1 an everyday one of the domain, 0
    anything else (a brand, a product, a word in capitals, «RT»)."""
    low = tok.lower()
    if low in TECH_LATIN_STRONG or low.split("-", 1)[0] in TECH_LATIN_STRONG:
        return 2  # DNS, IPv6, PPPoE, DNS-over-HTTPS
    return 1 if low in TECH_LATIN_WEAK else 0


_NOT_ASCII_LETTERS = bytes(i for i in range(128) if not chr(i).isalpha())


def _tech(
    text: str, strong: list[str], weak: list[str], has_digit: bool
) -> tuple[list[str], list[str]]:
    """``strong`` and ``weak``, the words with a technical stem, with the technical
    terms of ``text`` (already without links, mentions and hashtags) that are not
    Russian words: Latin terms, units, addresses, error codes."""
    # Latin terms need an ASCII letter; four comments in five have none (two C calls,
    # half the cost of the scan).
    if text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS):
        for tok in _LATIN_TOKEN.findall(text):
            kind = _latin_kind(tok)
            if kind == 2:
                strong.append(tok)
            elif kind == 1:
                weak.append(tok)
    # Units, addresses and error codes all have digits; most comments have none.
    if has_digit:
        strong += [m.group(0) for m in _UNIT.finditer(text)]
        if "." in text:
            strong += [m.group(0) for m in _IPLIKE.finditer(text)]
        if strong:
            strong += [m.group(0) for m in _HTTP_CODE.finditer(text)]
    return strong, weak


_CATEGORIES = {
    "diagnostics": DIAGNOSTIC_LEMMAS,
    "insults": INSULT_LEMMAS,
    "hostile": HOSTILE_LEMMAS,
    "demands": DEMAND_LEMMAS,
    "threats": THREAT_LEMMAS,
    "crimes": CRIME_LEMMAS,
    "help": HELP_LEMMAS,
    "doubt": DOUBT_LEMMAS,
    "praise": PRAISE_LEMMAS,
    "talk": TALK_LEMMAS,
    "thanks": THANKS_LEMMAS,
}
# One lookup per lemma instead of one pass per lexicon: persona runs on every comment.
_LEXICON: dict[str, tuple[str, ...]] = {}
for _name, _lemmas in _CATEGORIES.items():
    for _lm in _lemmas:
        _LEXICON[_lm] = (*_LEXICON.get(_lm, ()), _name)
for _lm in DEMAND_IMPERATIVES:
    _LEXICON[_lm] = (*_LEXICON.get(_lm, ()), "imperative")
# Interned as model.lemmas interns the lemmas looked up here: matched by identity.
_LEXICON = {sys.intern(lm): names for lm, names in _LEXICON.items()}


_MARKERS = frozenset(MARKERS)
_COUNTED = frozenset({"laugh"})  # cues kept as a count, not as the words


@lru_cache(maxsize=2048)
def text_cues(text: str) -> Cues:
    """Every persona cue of one comment (cached: the same text gives the same cues).

    Read from ``model.normalize.clean(text)``: a Latin «o» or a soft hyphen inside a
    word, a styled letter or a glued hashtag hides no cue.
    """
    typed, text = text, clean_text(text)
    # Most comments have no link, mention or hashtag: five substring tests skip a scan.
    has_terms = "[" in text or "@" in text or "#" in text or "http" in text or "www." in text
    clean = _NOT_TERMS.sub(" ", text) if has_terms else text
    # The words and lemmas of normalize(text): the tone model has just computed both
    # for the same comment (both cached), so persona reads them instead of tokenising
    # again. Its markers (xxpos, xxcaps...) stay in: no lexicon holds one (a test
    # says so); only the word count leaves them out.
    normalized = normalize(typed)  # the text the tone model's cache holds (the same)
    toks, lems = word_lemmas(normalized)
    n_words = len(toks)
    if "xx" in normalized:  # every marker starts so; a substring test, not a loop
        n_words -= sum(map(_MARKERS.__contains__, toks))
    found: dict[str, list[str]] = {}
    for tok, lm in [(t, lm) for t, lm in zip(toks, lems, strict=True) if lm in _LEXICON]:
        for name in _LEXICON[lm]:
            if name == "imperative":
                if not _is_imperative(tok):
                    continue
                name = "demands"
            found.setdefault(name, []).append(tok)
    lower = text.lower()
    low = " " + lower.replace("ё", "е")  # the scan matches the character before a cue
    for m in _LOW_CUES.finditer(low):
        cue = _LOW_CUE_OF_GROUP[m.lastindex or 0]
        word = m.group(0)[1:]
        if cue in _TECH_CUES:  # the whole word, as model.lemmas reads it
            word += _HYPHEN_PARTS.match(low, m.end()).group(0)
        found.setdefault(cue, []).append(word)
    if "obscene" in found or "*" in low:  # a root inside an innocent word («Ебург»,
        # «бляшка») is not; a word masked anywhere («ох*ели», «п***ец») is
        obscene = with_masked(low, [w for w in found.pop("obscene", ()) if not is_innocent(w)])
        if obscene:
            found["obscene"] = obscene
            aimed = aimed_words(lower)  # rare: a second look only when there is one
            if aimed:
                found["obscene_aimed"] = aimed
    has_digit = _DIGIT.search(text) is not None
    # Words in capitals and capitalised names mid-sentence need a capital after the
    # first character; lower() leaves none, so equal tails mean there is none (a
    # memory comparison; a quarter of the comments skip both scans).
    capitals = text[1:] != lower[1:]

    # Words with a technical stem, found by the scan above, unless a look-alike
    # («портит», «маршрутка»); links and mentions are not vocabulary.
    strong = [w for w in found.pop("tech_strong", ()) if not w.startswith(TECH_FALSE)]
    weak = [w for w in found.pop("tech_weak", ()) if not w.startswith(TECH_FALSE)]
    strong, weak = _tech(clean, strong, weak, has_digit)
    tech_strong = _dedup(strong, 8)
    # Capitals that are not an abbreviation already counted as technical (DNS, IPTV).
    caps_words: tuple[str, ...] = ()
    if capitals:
        caps_words = _dedup([w for w in _CAPS_WORD.findall(text) if w not in tech_strong])
    caps_ratio = 0.0
    if caps_words:  # the ratio only matters when there are words in capitals
        letters = len(_NON_LETTERS.sub("", text))
        caps_ratio = len(_UPPER.findall(text)) / letters if letters else 0.0
    excl_many = interrobang = 0
    if "!" in text:  # a substring test is far cheaper than a scan, and usually False
        excl_many = len(_EXCL_MANY.findall(text))
        interrobang = len(_INTERROBANG.findall(text))
    pos_emoji, neg_emoji = count_emoji(text)
    # Emoticons need eyes or brackets; most comments have neither (a cheap test).
    if ":" in text or ";" in text or "=" in text:
        pos_emoji += len(_POS_EMOTICON.findall(text))
    if "(" in text or "[" in text or "/" in text or "\\" in text:
        neg_emoji += len(_NEG_EMOTICON.findall(text))
    smiles_many = smile_one = 0
    if ")" in text or "^" in text:
        smiles_many = len(_SMILE_MANY.findall(text))
        smile_one = len(_SMILE_ONE.findall(text))
    numbers = len(_NUMBER.findall(text)) if has_digit else 0
    quotes = len(_QUOTES.findall(text))
    # Whether the writer speaks in person: asked only when the text holds evidence a
    # news report or an advert also carries (praise, threats, crimes, technical terms).
    personal = bool(found.keys() & _NEWS_PRONE or strong or weak) and bool(
        pos_emoji or neg_emoji or smiles_many or smile_one or "?" in text
        or _PERSONAL.search(low))
    cues = Cues(
        personal=personal,
        n_words=n_words,
        n_sentences=max(1, len(_SENTENCE_END.findall(text))) if n_words else 0,
        n_questions=text.count("?"),
        tech_strong=tech_strong,
        tech_weak=_dedup(weak, 8),
        caps_words=caps_words,
        caps_ratio=caps_ratio,
        excl_many=excl_many,
        interrobang=interrobang,
        pos_emoji=pos_emoji,
        neg_emoji=neg_emoji,
        smiles_many=smiles_many,
        smile_one=smile_one,
        details=numbers + quotes // 2 + (_count_names(text) if capitals else 0),
        numbers=numbers,
        quotes=quotes,
        latin_acronyms=sum(1 for t in strong if _ACRONYM.match(t)),
    )
    # Most comments match a lexicon or two: only those fields are filled in.
    for name, items in found.items():
        if name in _COUNTED:
            setattr(cues, name, len(items))
        else:
            setattr(cues, name, _dedup(items, 8 if name == "talk" else 6))
    return cues


_WORD_FIELDS = frozenset(
    name for name, kind in Cues.__annotations__.items() if kind.startswith("tuple")
)


def cue_array(
    cues: Sequence[Cues], name: str, then: Callable[[float], float] | None = None
) -> np.ndarray:
    """One cue of every comment, as floats: the number, or how many words it found
    (``then`` applied to each). Gathered in C, for the rules and the model alike."""
    values = map(attrgetter(name), cues)
    if name in _WORD_FIELDS:
        values = map(len, values)
    if then is not None:
        values = map(then, values)
    return np.fromiter(values, float, len(cues))


# --- the author's behaviour in the thread ----------------------------------------------------
@dataclass
class ThreadStats:
    """What the batch says about the author of one comment."""

    count: int = 1  # comments by the same author in the batch
    total_chars: int = 0
    burst: int = 1  # most comments of the author within BURST_WINDOW
    burst_minutes: float = 0.0  # how long that burst took
    median_gap_minutes: float | None = None


BURST_WINDOW_MINUTES = 10.0


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value)  # "Z" included, since Python 3.11
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def thread_stats(comments: list[dict]) -> list[ThreadStats]:
    """Per comment, the behaviour of its author across ``comments``.

    Comments without an ``author`` are treated as written by distinct people.
    """
    lengths = [len(str(c.get("text") or "")) for c in comments]
    by_author: dict[str, list[int]] = {}
    for i, c in enumerate(comments):
        author = c.get("author")
        if author is not None and author != "":
            by_author.setdefault(str(author), []).append(i)
    out = [ThreadStats(total_chars=n) for n in lengths]
    for idxs in by_author.values():
        if len(idxs) < 2:
            continue
        total = sum(map(lengths.__getitem__, idxs))
        times = sorted(filter(None, [_parse_time(comments[i].get("posted_at")) for i in idxs]))
        burst, span, median_gap = 1, 0.0, None
        if len(times) >= 2:
            gaps = [(b - a).total_seconds() / 60 for a, b in zip(times, times[1:], strict=False)]
            median_gap = float(statistics.median(gaps))  # numpy's costs more on a few
            lo = 0
            for hi in range(len(times)):
                while (times[hi] - times[lo]).total_seconds() / 60 > BURST_WINDOW_MINUTES:
                    lo += 1
                if hi - lo + 1 > burst:
                    burst = hi - lo + 1
                    span = (times[hi] - times[lo]).total_seconds() / 60
        stats = ThreadStats(len(idxs), total, burst, span, median_gap)
        for i in idxs:
            out[i] = stats  # the same for every comment of the author
    return out


# --- model inputs ----------------------------------------------------------------------
def persona_tokens(text: str) -> tuple[str, ...]:
    """TF-IDF tokens: the lemmas of the normalised text with the markers of
    ``model.normalize`` (xxpos, xxcaps, xxexcl...), read from the cache the tone model
    has just filled. Lemma bigrams were dropped: half the tokens to count, and the
    model alone did no worse without them (dev macro-F1 0.757 vs 0.747)."""
    return word_lemmas(normalize(text))[1]


STYLE_NAMES = (
    "log_words", "log_sentences", "questions", "caps_ratio", "caps_words", "excl_many",
    "interrobang", "pos_emoji", "neg_emoji", "smiles", "latin_acronyms", "numbers", "quotes",
)


class StyleFeatures(TransformerMixin, BaseEstimator):
    """Dense style features of raw texts (length, capitals, «!!!», emoji, acronyms...).

    Read from ``text_cues`` (cached), so the rules and the model share one pass.
    """

    def fit(self, X, y=None):  # noqa: N803 - scikit-learn's signature
        return self

    def transform(self, X):  # noqa: N803
        cues = [text_cues(str(text)) for text in X]
        minimum = np.minimum
        return np.column_stack([
            cue_array(cues, "n_words", math.log1p),  # math's log1p, as the model was fit with
            cue_array(cues, "n_sentences", math.log1p),
            minimum(cue_array(cues, "n_questions"), 3),
            cue_array(cues, "caps_ratio"),
            minimum(cue_array(cues, "caps_words"), 3),
            minimum(cue_array(cues, "excl_many"), 3),
            minimum(cue_array(cues, "interrobang"), 2),
            minimum(cue_array(cues, "pos_emoji"), 3),
            minimum(cue_array(cues, "neg_emoji"), 3),
            minimum(cue_array(cues, "smiles_many"), 2),
            minimum(cue_array(cues, "latin_acronyms"), 4),
            minimum(cue_array(cues, "numbers"), 4),
            minimum(cue_array(cues, "quotes"), 4),
        ]).reshape(len(cues), len(STYLE_NAMES))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(STYLE_NAMES, dtype=object)
