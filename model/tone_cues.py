"""Cues of tone that word n-grams miss: negation scope, ironic praise and thanks,
complaints without negative words, facts that are bad news for the customer.

Each cue is a marker token (``xxc_…``) added to a comment's lemma features, so the
tone model weighs it like any other term, learned from the labelled corpora; one
marker pools many surface forms that are each too rare to learn on their own.

========================  ===============================================================
marker                    fires on
========================  ===============================================================
``не_<lemma>``            every lemma in the scope of a negation: up to 3 words after
                          не/ни/нет/без/никак/никогда, to the next punctuation mark
                          («совсем не плохо работает» -> не_плохо, не_работать)
``xxc_quoted_praise``     praise in quotes: «быструю» доставку, "отличный" сервис
``xxc_quoted``            any short quoted phrase (1-3 words)
``xxc_iron_thanks``       thanks that cannot be sincere: «ну спасибо», «спасибо, блин»,
                          «спасибо за» + a complaint in the same comment
``xxc_all_of``            «всего-то», «всего лишь» (ironic understatement of a wait)
``xxc_praise_complaint``  praise and a complaint in one comment («отличный сервис,
                          неделю жду техника»): the praise is ironic
``xxc_rhetorical``        «сколько можно», «когда уже/же/наконец», «вы издеваетесь»,
                          «доколе», «это нормально?», «что за …», «почему опять …»
``xxc_demand``            «верните», «требую», «разберитесь», «примите меры»,
                          «сделайте уже», «немедленно», «хочу компенсацию»
``xxc_wait``              waiting: «жду неделю», «третий день», «который час»,
                          «до сих пор», «так и не», «уже 5 дней»
``xxc_again``             «опять», «снова», «в очередной раз», «n-й раз»
``xxc_complaint``         any of rhetorical / demand / wait / again
``xxc_bad_news``          facts that hurt customers: outages, write-offs, price rises,
                          licence revoked, fines, leaks, fraud, blocking
``xxc_resolved``          the comment ends saying that things work now: «…, всё ок»,
                          «…, всё работает», «заработало», «проблема решена»
``xxc_polite_ask``        a polite question («подскажите», «пожалуйста», «не понимаю,
                          как») without a complaint: an unsure customer, not an angry one
========================  ===============================================================

The patterns run on ``model.normalize.normalize`` output (lower case, ё folded,
markers such as ``xxquest`` in place of «?!»).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "IRONY_MARKERS", "NEGATORS", "brand_prior", "cue_markers", "negated_lemmas", "scope_tokens",
]

# Markers that make thanks or praise ironic (``model.gratitude`` reads them).
IRONY_MARKERS = frozenset({"xxc_iron_thanks", "xxc_praise_complaint"})

NEGATORS = frozenset({"не", "ни", "нет", "без", "никак", "никогда"})
_SCOPE = 3
# What ends a negation's scope: punctuation and the normaliser's sentence-like markers.
_SCOPE_END = re.compile(r"[.,;:!?()«»\"“”]|\b(?:xxexcl|xxquest|xxpos|xxneg|но|а|зато)\b")
_TOKEN = re.compile(r"[а-яa-z0-9]+(?:-[а-яa-z0-9]+)*|[.,;:!?()«»\"“”]")

_PRAISE = (
    r"быстр|отличн|хорош|замечательн|прекрасн|лучш|супер|классн|качествен|надежн|"
    r"вежлив|оперативн|клиентоориентирован|выгодн|бесплатн|честн|чудесн|великолепн|"
    r"шикарн|превосходн|заботлив|забот|удобн|умн|внимательн|профессионал|молодц|"
    r"любим|щедр|гениальн|идеальн|потрясающ|сервис|помощ|поддержк|скорост|высокоскорост"
)
_QUOTED = re.compile(r"[«\"“']\s*([^«»\"“”']{1,40}?)\s*[»\"”']")
_PRAISE_RE = re.compile(rf"(?<![а-я])(?:{_PRAISE})")
_PRAISE_PLAIN = re.compile(
    r"(?<![а-я])(?:отличн\w* (?:сервис|работ|обслуживан|связ)|очень помогл|так держать|"
    r"молодцы|спасибо за (?:быстр|оперативн|качествен|отличн)|лучш\w+ (?:провайдер|банк|"
    r"оператор|сервис)|браво|сервис на высоте|на высоте|супер сервис)"
)
# Ironic by themselves.
_IRON_ALWAYS = re.compile(
    r"(?<![а-я])(?:спасиб\w*,? блин|спасиб\w* (?:вам )?(?:огромн\w* )?за (?:ожидани|"
    r"терпени|нервы|потраченн)|(?:отличн|прекрасн|замечательн|хорош)\w*(?: \w+)?,? ничего "
    r"не скажешь|браво,? (?:вы|вам)|аплодир|"
    r"спасиб\w* за (?:ничего|испорченн|очередн))"
)
# Ironic beside a complaint («ну спасибо, выручили» can be sincere).
_IRON_IF_COMPLAINT = re.compile(
    r"(?<![а-я])(?:ну,? (?:спасиб|спс|благодар|молодцы|класс|супер|отлично|здорово)|"
    r"так держать|очень помогл)"
)
_THANKS = re.compile(r"(?<![а-я])(?:спасиб|благодар|спс(?![а-я]))")
_THANKS_FOR = re.compile(r"(?<![а-я])(?:спасиб\w*|благодар\w*|спс) за ")
_ALL_OF = re.compile(r"(?<![а-я])(?:всего-то|всего лишь|каких-то|всего навсего|всего-навсего)")
_RHETORICAL = re.compile(
    r"(?<![а-я])(?:сколько (?:можно|еще|ещё|мож)|когда (?:уже|же|наконец|вы наконец|это "
    r"(?:кончится|закончится|прекратится))|доколе|издеваете|издевательств|вы серьезно|"
    r"вы (?:там )?(?:в своем уме|нормальн)|это (?:вообще )?нормально|как так|что за (?:фигн|"
    r"бардак|хрен|безобраз|дела|сервис|отношени|ерунд|чушь)|почему (?:опять|снова|до сих пор|"
    r"я должен|я должна|так долго|никто)|где (?:мои деньги|мой|моя|мои|обещанн)|"
    r"за что (?:я плачу|платим|мы платим)|сколько ждать|безобразие|беспредел)"
)
_DEMAND = re.compile(
    r"(?<![а-я])(?:верните|требую|требуем|разберитесь|примите меры|сделайте (?:уже|"
    r"хоть что)|немедленно|исправьте|почините|ответьте (?:уже|наконец)|дайте (?:уже|"
    r"наконец)|перезвоните (?:уже|наконец)|отключите меня|расторгн|ухожу от вас|"
    r"уйду от вас|переход\w* (?:на|к) (?:другого|другой|билайн|мтс|мегафон|теле2|"
    r"ростелеком|сбер|тинькофф|альфа)|"
    # «#ХочуКомпенсацию»: a claim for money back is a demand even when it says «хочу»
    r"(?:хочу|хотим|жду|ждем|требую) (?:\w+ )?(?:компенсац|возврат|перерасчет|вернуть деньги))"
)
_TIME = r"(?:дн|день|недел|месяц|час|сут|год)"
_WAIT = re.compile(
    rf"(?<![а-я])(?:жд\w* (?:уже )?(?:\w+ )?{_TIME}|(?:втор|трет|четверт|пят|шест|"
    rf"седьм|десят|который|которую|которые)\w* {_TIME}|до сих пор|так и не|уже \d+ "
    rf"{_TIME}|(?:целую|целый|целых) {_TIME}|{_TIME}\w* жд|ожидани\w+ (?:уже )?\d+|"
    rf"никто не (?:отвеча|перезвон|пришел|приехал)|ни ответа|не дождаться|не дозвониться)"
)
_AGAIN_GOOD = re.compile(r"(?:опять|снова) (?:все )?(?:работа|заработа|в строю|с нами|есть|доступ)")
_AGAIN = re.compile(
    r"(?<![а-я])(?:опять|снова|в очередной раз|очередной раз|(?:\d+|втор|трет|пят|десят)"
    r"\w*[ -]й? ?раз|который раз|в который раз|каждый (?:день|раз|месяц) (?:одно и то же|"
    r"проблем))"
)
_BAD_NEWS = re.compile(
    r"(?<![а-я])(?:отключ|сбой|сбои|авари|не работа|не работет|не грузит|не ловит|"
    r"пропал\w* (?:интернет|связь|сеть|деньги)|нет (?:связи|интернета|сети|света)|"
    r"списал|списыва|спишут|подорожа|повы[шс]\w* (?:тариф|цен|ставк|комисс|стоимост)|"
    r"дорожа|штраф|отозва\w* лиценз|лишил\w* лиценз|отзыв лиценз|банкрот|санкци|"
    r"утечк|мошенни|заблокир|блокир|арест|обыск|уголовн|задолженн|просрочк|коллектор|"
    r"навязал|навязыва|обман|развод|кинули|жалоб|претензи|убыт|сокращ|уволь|увольн|"
    r"закрыва\w* (?:офис|отделени)|ограничени|дефолт|девальвац|обвал|паден)"
)
# The last words say the matter is settled («Поставил через WireGuard, всё ок»): what
# came before is the story of a fixed problem, not a complaint. Not «не всё ок».
_RESOLVED = re.compile(
    r"(?<![а-я])(?<!не )(?:все (?:ок|окей|норм|нормально|хорошо|отлично|супер|четко|"
    r"работает|заработало|получилось|в порядке)|заработал[оа]?|проблема решена|"
    r"вопрос решен|разобрал(?:ся|ась))"
    r"(?: (?:теперь|уже|вроде|снова|опять))?[\s.!)]*(?:(?:xxpos|xxemoji|xxexcl)[\s.!)]*)*$"
)
_POLITE_ASK = re.compile(
    r"(?<![а-я])(?:подскажите|пожалуйста|помогите (?:разобраться|пожалуйста|мне)|"
    r"не (?:понимаю|знаю|могу понять|разобрал|разберусь),? (?:как|где|что|куда|почему)|"
    r"объясните|будьте добры|извините|простите|если не сложно|как мне|можно ли|"
    r"не подскажете)"
)


def negated_lemmas(tokens: list[str], lemmas_of: dict[str, str]) -> list[str]:
    """``не_<lemma>`` for each word in a negation's scope (up to 3 words, to punctuation).

    ``tokens``: words and punctuation marks in order; ``lemmas_of``: word -> lemma.
    """
    out: list[str] = []
    left = 0
    for tok in tokens:
        if _SCOPE_END.fullmatch(tok):
            left = 0
            continue
        if tok in NEGATORS:
            left = _SCOPE
            continue
        if left:
            out.append("не_" + lemmas_of.get(tok, tok))
            left -= 1
    return out


def scope_tokens(norm: str) -> list[str]:
    """Words and punctuation of a normalised text, for ``negated_lemmas``."""
    return _TOKEN.findall(norm)


@lru_cache(maxsize=2048)  # the tone model, then gratitude, on the same text
def cue_markers(norm: str) -> tuple[str, ...]:
    """The ``xxc_…`` markers of a normalised text (see the module doc), in a fixed order."""
    out: list[str] = []
    quoted = [m.group(1) for m in _QUOTED.finditer(norm) if len(m.group(1).split()) <= 3]
    if quoted:
        out.append("xxc_quoted")
        if any(_PRAISE_RE.search(q) for q in quoted):
            out.append("xxc_quoted_praise")
    rhetorical = bool(_RHETORICAL.search(norm))
    demand = bool(_DEMAND.search(norm))
    wait_match = _WAIT.search(norm)
    wait = bool(wait_match)
    again = bool(_AGAIN.search(norm)) and not _AGAIN_GOOD.search(norm)
    bad = bool(_BAD_NEWS.search(norm))
    all_of = bool(_ALL_OF.search(norm))
    complaint = rhetorical or demand or wait or again
    # Thanks beside a complaint that is still going on (a wait in the present tense,
    # «всего-то», praise in quotes) are ironic; thanks for a fault fixed are not
    # («спасибо, три дня не было интернета, а вы починили за час»).
    ongoing = (rhetorical or demand or all_of or "xxc_quoted_praise" in out
               or bool(wait and re.search(r"(?<![а-я])(?:жду|ждем|ожидаю|до сих пор|так и не)",
                                          norm)))
    if (_IRON_ALWAYS.search(norm) or (_THANKS_FOR.search(norm) and ongoing)
            or (_IRON_IF_COMPLAINT.search(norm) and (complaint or bad or all_of))):
        out.append("xxc_iron_thanks")
    if all_of:
        out.append("xxc_all_of")
    if (complaint or bad) and (_PRAISE_PLAIN.search(norm) or "xxc_quoted_praise" in out):
        out.append("xxc_praise_complaint")
    for flag, name in ((rhetorical, "xxc_rhetorical"), (demand, "xxc_demand"),
                       (wait, "xxc_wait"), (again, "xxc_again"),
                       (complaint, "xxc_complaint"), (bad, "xxc_bad_news")):
        if flag:
            out.append(name)
    if _RESOLVED.search(norm):
        out.append("xxc_resolved")
    if not complaint and _POLITE_ASK.search(norm) and ("?" in norm or "xxquest" in norm
                                                         or "подскажите" in norm):
        out.append("xxc_polite_ask")
    return tuple(out)


# --- the brand-comment prior ----------------------------------------------------------
# The labelled corpora are VK posts and news-like tweets, not comments to a brand: there
# «когда уже» is mostly «когда уже лето» (neutral or positive), and the regression
# rightly learns little from the markers above (docs/tone.md: their label counts).
# Under a brand's post they mean what the issue says, so ``model.tone.predict`` mixes
# the regression's probabilities p with a target distribution t on narrow patterns:
# (1 - a) * p + a * t. The regression is often near-certain the other way (0.99
# positive for «ну спасибо, очень помогли … отличный сервис»), which a multiplicative
# prior cannot turn; a (the rule's confidence) was set on the issue's own examples.
PRIORS = {
    # name: (a, target (negative, neutral, positive))
    "irony": (0.7, (1.0, 0.0, 0.0)),  # ironic thanks or praise
    "complaint_to_brand": (0.5, (1.0, 0.0, 0.0)),  # rhetorical question or demand
    "negated_negative": (0.6, (0.0, 0.2, 0.8)),  # «не плохо», «не ужасная», no complaint
    "resolved": (0.6, (0.0, 0.6, 0.4)),  # ends «…, всё ок»: a fixed problem, told calmly
}
_ADDRESS = re.compile(
    r"(?<![а-я])(?:вы|вас|вам|ваш\w*|интернет\w*|связ\w*|мастер\w*|техник\w*|заявк\w*|"
    r"оператор\w*|поддержк\w*|деньг\w*|доставк\w*|заказ\w*|тариф\w*|карт\w*|банк\w*|"
    r"приложени\w*|сайт\w*|роутер\w*|услуг\w*|компенсаци\w*|возврат\w*|перерасчет\w*|"
    r"xxclub)(?:[^а-я]|$)"
)
_NEGATIVE_LEMMAS = frozenset({
    "плохо", "плохой", "ужасный", "ужасно", "худой", "хуже", "отвратительный",
    "отвратительно", "медленный", "медленно", "кошмарный", "жуткий", "ужас",
})


def brand_prior(norm: str, negated: list[str]) -> str | None:
    """The ``PRIORS`` key that applies to a normalised comment, or None.

    ``negated``: its ``не_<lemma>`` terms (``negated_lemmas``).
    """
    markers = cue_markers(norm)
    if not IRONY_MARKERS.isdisjoint(markers):
        return "irony"
    if ("xxc_rhetorical" in markers or "xxc_demand" in markers) and _ADDRESS.search(norm):
        return "complaint_to_brand"
    if "xxc_resolved" in markers and not _THANKS.search(norm):  # thanks: positive anyway
        return "resolved"
    if ("xxc_complaint" not in markers and "xxc_bad_news" not in markers
            and any(t[3:] in _NEGATIVE_LEMMAS for t in negated)):
        return "negated_negative"
    return None
