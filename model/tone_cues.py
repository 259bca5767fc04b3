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
from collections.abc import Callable, Sequence
from functools import lru_cache

__all__ = [
    "IN_ADVANCE", "IRONY_MARKERS", "NEGATORS", "brand_prior", "cue_markers", "is_ironic",
    "negated_lemmas", "praise_or_fix", "scare_quoted", "scope_tokens",
]

# Markers that make thanks or praise ironic (``model.gratitude`` reads them).
IRONY_MARKERS = frozenset({"xxc_iron_thanks", "xxc_praise_complaint"})

NEGATORS = frozenset({"не", "ни", "нет", "без", "никак", "никогда"})
_SCOPE = 3
# What ends a negation's scope: punctuation and the normaliser's sentence-like markers
# (a token that is one of these: a set lookup, not a regular expression per word).
_SCOPE_END = frozenset([*".,;:!?()«»\"“”", "xxexcl", "xxquest", "xxpos", "xxneg", "но", "а",
                        "зато"])
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
    rf"(?<![а-я])(?:жд[а-я]* (?:уже )?(?:[а-я\d]+ )?{_TIME}|(?:втор|трет|четверт|пят|шест|"
    rf"седьм|десят|который|которую|которые)\w* {_TIME}|до сих пор|так и не|уже \d+ "
    rf"{_TIME}|(?:целую|целый|целых) {_TIME}|{_TIME}\w* жд|ожидани\w+ (?:уже )?\d+|"
    rf"никто не (?:отвеча|перезвон|пришел|приехал)|ни ответа|не дождаться|не дозвониться)"
)
_AGAIN_GOOD = re.compile(r"(?:опять|снова) (?:все )?(?:работа|заработа|в строю|с нами|есть|доступ)")
_AGAIN = re.compile(
    # (?<!\w) and [а-я]* after the number: «\d+\w*» over a run of digits backtracks
    # cubically (a comment of 3,000 digits took minutes).
    r"(?<![а-я])(?:опять|снова|в очередной раз|очередной раз|(?<!\w)(?:\d+|втор|трет|пят|"
    r"десят)[а-я]*[ -]й? ?раз|который раз|в который раз|каждый (?:день|раз|месяц) (?:одно и то же|"
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
        if tok in _SCOPE_END:
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
    # «не сказал бы, что помогли», «нельзя сказать, что вы торопитесь»
    "negated_positive": (0.6, (0.8, 0.2, 0.0)),
    # «не быстро, но и не медленно», «ни лучше ни хуже», «связь как связь»
    "balanced": (0.6, (0.1, 0.8, 0.1)),
    # a fear dispelled: «боялась, что будет дорого, а оказалось…»
    "relief": (0.6, (0.0, 0.2, 0.8)),
    "resolved": (0.6, (0.0, 0.6, 0.4)),  # ends «…, всё ок»: a fixed problem, told calmly
    "bad_news": (0.5, (0.9, 0.1, 0.0)),  # a price rise, a licence revoked, an outage
    "good_news": (0.5, (0.0, 0.3, 0.7)),  # a fee dropped, a price cut
    "thanks": (0.4, (0.0, 0.2, 0.8)),  # sincere thanks or praise
    # Thanks for a problem fixed («карту заблокировали по ошибке, но разблокировали за пять
    # минут, спасибо»): the story of the failure pulls the regression to negative.
    "thanks_for_fix": (0.6, (0.0, 0.2, 0.8)),
    # A polite question or plea for help («извините, я не разбираюсь…», «помогите,
    # пожалуйста, если не трудно»), no complaint: the unsure customer, not an angry one.
    "polite_question": (0.5, (0.1, 0.85, 0.05)),
}
_ADDRESS = re.compile(
    r"(?<![а-я])(?:вы|вас|вам|ваш\w*|интернет\w*|связ\w*|мастер\w*|техник\w*|заявк\w*|"
    r"оператор\w*|поддержк\w*|деньг\w*|заказ\w*|тариф\w*|карт\w*|банк\w*|"
    r"приложени\w*|сайт\w*|роутер\w*|услуг\w*|компенсаци\w*|возврат\w*|перерасчет\w*|"
    r"посылк\w*|курьер\w*|достав\w*|привез\w*|отделени\w*|офис\w*|вышк\w*|сет[ьи]|звон\w*|смс|счет\w*|"
    r"баланс\w*|платеж\w*|перевод\w*|кредит\w*|вклад\w*|кэшбэк\w*|бонус\w*|чат\w*|"
    r"коммент\w*|магазин\w*|пункт\w*|товар\w*|абонплат\w*|подписк\w*|провайдер\w*|"
    r"обращени\w*|лини[яиюей]|кнопк\w*|"
    # The brand named: the big operators, banks, shops and couriers customers write to.
    r"ростелеком\w*|мтс|билайн\w*|мегафон\w*|теле2|т2|yota|йот[аеу]|сбер\w*|тинькофф\w*|"
    r"т-банк\w*|втб|альфа\w*|озон\w*|ozon|wb|вб|wildberries|вайлдберриз\w*|пятерочк\w*|"
    r"магнит\w*|перекрест\w*|днс|сдэк\w*|cdek|почт\w* россии|дом\.ру|яндекс\w*|самокат\w*|"
    r"авито|лавк[аеиу]|boxberry|xxclub)(?:[^а-я]|$)"
)
# Every word whose lemma is in _NEGATIVE_LEMMAS has one of these stems («хуже» -> плохой).
_NEGATIVE_STEM = re.compile(r"плох|ужас|худ|хуж|отвратительн|медленн|кошмарн|жутк")
_NEGATIVE_LEMMAS = frozenset({
    "плохо", "плохой", "ужасный", "ужасно", "худой", "хуже", "отвратительный",
    "отвратительно", "медленный", "медленно", "кошмарный", "жуткий", "ужас",
})

# The patterns below feed the prior only, not the model's features (``cue_markers``), so
# the shipped regression reads the same terms it was trained on. They read comments to a
# brand as a care team does: a fact about the service is a complaint, thanks beside a
# complaint are irony, a price rise is bad news.
_MARKS = re.compile(r"\bxx(?:caps|elong) ")  # «xxcaps сколько xxcaps можно»: read the words

# A failure of the service told as a present fact: «приложение не открывается», «бросили
# трубку», «полчаса на линии», «вылетает». Present tense only for «не работает»: «не
# работал два дня, а вы починили» is a thank-you.
_FAILURE = re.compile(
    r"(?<![а-я])(?:не (?:(?:всегда|вообще|уже|еще|совсем|толком|никак|нормально) )?"
    r"(?:открываетс|загружаетс|грузит|грузитс|работает|работают|"
    r"ловит|приходит|приходят|отвечает|отвечают|проходит|проходят|пускает|включаетс|"
    r"показывает|отправляетс|подключаетс|входит|дозвонит|могу дозвонит|можем дозвонит|"
    r"применяетс|активируетс|срабатывает|срабатывают|начисляетс|зачисляетс|отображаетс|"
    r"обновляетс|сохраняетс|доходит|доходят|выдает|выдают|принимает|принимают|"
    r"получаетс)|"
    # Goods that came damaged or spoilt: «приехал раздавленный», «клубника с плесенью».
    # Not negated: «ни одно яйцо не разбито», «хлеб без плесени», «бонусы не сгорают».
    r"(?<!не )(?<!без )(?<!ни )(?:раздавлен\w*|разбит(?:ый|ая|ое|ые|ую|ой|ым|а|о|ы)?(?![а-я])|"
    r"помят\w*|протек\w*|протух\w*|тухл\w*|с плесенью|плесен\w*|вял(?:ая|ый|ое|ые|ую)|"
    r"мят(?:ая|ый|ое|ые|ую)|порвал\w*|недоступ\w*|сгора(?:ют|ет))|ни разу не получил\w*|"
    # A price on the tag and another at the till; a delay told with its length.
    r"ценник\w* \d+.{0,30}?(?:касс|пробил)\w* \d+|задержк\w* (?:\w+ ){0,2}на \d+|"
    r"(?:товара|сдачи|денег на счете) (?:\w+ )?нет(?![а-я])|"
    # No service told as a bare fact: «интернета нет с 8 утра», «нет связи».
    r"(?:интернет\w*|связи|сети|света|воды|отоплени\w*|телевидени\w*) (?:\w+ )?нет(?![а-я])|"
    r"нет (?:ни )?(?:интернет\w*|связи|сети)(?![а-я])|"
    r"(?:бросил|положил)\w* трубку|трубку (?:бросил|положил)|не (?:берет|берут|брал)\w* трубку|"
    r"(?:полчаса|час|часа|(?<!\d)\d+ минут[а-я]*) (?:[а-я]+ ){0,2}на (?:линии|удержании)|"
    r"на (?:линии|удержании) (?:уже )?(?:полчаса|час|\d+ минут)|сбрасыва\w*|"
    r"(?:ответа|компенсации|реакции|возврата|денег) (?:так и |до сих пор |все еще )?нет|"
    r"нет (?:ни )?(?:ответа|реакции|компенсации)|списал\w* (?:\d|деньг|с карт|за )|"
    r"(?<!не )(?:глючит|тормозит|вылетает|зависает|виснет|лежит|сломал[а-я]*)|"
    r"пропада[а-я]*|без (?:(?:горяч|холодн|мобильн|домашн)\w+ )?(?:связи|интернета|света|воды|"
    r"отоплени\w*)|(?<!не )отменил\w* (?:\w+ )?(?:заказ|рейс|доставк|брон)|"
    r"теперь (?:еще|и) |потерял\w* (?:посылк|заказ|груз|документ|заявк|багаж|чемодан)|"
    r"(?:посылк|заказ|груз|багаж|чемодан)\w* (?:\w+ )?потерял\w*|(?<!не )опоздал[а-я]*|"
    r"просрочен\w*|без спроса|без объяснени|без предупреждени|чуж\w+ заказ|"
    r"без (?:моего |нашего |их )?(?:согласия|ведома)|в трещинах|треснул\w*|"
    r"нет (?:уже )?(?:\d+ |пару |целую |целый )?(?:недел|дн|день|месяц|час|сут)|"
    r"котор[а-я]+ (?:нет|не было)|задерживаетс|не (?:решив|разобравшись|ответив|"
    r"дождавшись|предупредив|объяснив)|"
    r"деньги (?:не )?(?:списал|сняли|ушли)|двойн\w+ списани|списал\w* дважды|"
    # Torn goods, a connection that drops, a wrong item, a repair that did not hold,
    # «умудрились потерять».
    r"(?<!не )рван(?:ая|ый|ое|ые|ую|ой)|отключает(?:ся|сь)|моргает|отваливает\w*|"
    r"умудрил\w* (?:\w+ ){0,2}(?:потерять|сломать|перепутать|испортить|забыть|списать)|"
    r"(?:привез\w*|положил\w*|прислал\w*|в заказе) (?:\w+ ){0,3}вместо|"
    r"с (?:той же|прежней|этой же) (?:поломк|проблем|неисправност)|"
    r"потерял\w* (?:мой |наш )?(?:номер|карт|документ))"
)
# An outcome the customer waited for and did not get: «курьер не пришёл», «так и не
# перезвонили», «кэшбэк не начислили», «никто не ответил». Not a question about it.
_NOT_DONE = re.compile(
    r"(?<![а-я])(?:никто|так и|до сих пор|еще|даже|все еще)? ?не (?:(?:вовремя|сразу|никак|"
    r"мне|нам|ни разу|толком|еще|так и) )?"
    r"(?:пришел|пришла|пришли|пришло|приехал|приехала|доехал|доехала|ответил|ответили|"
    r"перезвонил|перезвонили|позвонил|позвонили|начислил|начислили|начислен|доставил|"
    r"доставили|вернул|вернули|приехало|оформлял|оформляла|заказывал|заказывала|подключал|"
    r"подключала|поступил|поступили|поступило|зачислил|зачислили|подключил|"
    r"подключили|починил|починили|исправил|исправили|решил|решили|помогли|отреагировал|"
    r"отреагировали|извинились|извинился|сделал|сделали|выполнен|дождал|дождалась|получил|получила|получили)(?![а-я])"
    r"|никто не |ни ответа|ни одного (?:нормальн|внятн|ответ)|ноль реакции"
)
# The problem is over: a fix told in the past tense, with nothing still going on.
_FIXED = re.compile(
    r"(?<![а-я])(?<!не )(?<!почти )(?:починил|исправил|решил|вернул|нашл|нашел|перезвонил|"
    r"привезл|привез|заработал|разобрал|помогл|помог(?![а-я])|восстановил|подключил|доставил|закрыл|"
    r"устранил|заменил|оформил|начислил|компенсировал|извинил|вернулись|решилас|пришел|"
    r"пришл[аио](?![а-я])|разблокировал|поменял|"
    # The problem is gone: «потерь пакетов больше нет», «деньги целы», «осадка уже нет».
    r"(?:потер|проблем|ошиб|сбо|обрыв|зависани|осадк)\w* (?:\w+ )?(?:больше|уже|теперь) нет|"
    r"деньги цел)[а-я]*"
)
_ONGOING = re.compile(
    r"(?<![а-я])(?:жду|ждем|ждём|ожидаю|до сих пор|так и не|все еще|всё ещё|по-прежнему|"
    r"опять|снова|почти|никто не|но (?:\w+ )?не |а (?:\w+ )?не )"
)
# Praise that can be ironic: openers («Класс, …», «Супер сервис: …»), exaggerated
# compliments («ну вы гении», «прям мечта», «очень заботливо»), and praise in quotes.
_PRAISE_IRONIC = re.compile(
    r"^(?:xxuser |xxclub )?(?:ну |ой |вот |просто )?(?:класс|супер|отлично|здорово|"
    r"замечательно|прекрасно|браво|шикарно|великолепно|чудесно|восхитительно|круто|"
    r"красота|молодцы|умницы)(?![а-я])"
    r"|(?<![а-я])(?:(?:отличн|прекрасн|замечательн|лучш|супер|классн|шикарн|великолепн)\w* "
    r"(?:сервис|работа|обслуживание|провайдер|банк|оператор|компания|поддержк\w*|интернет|"
    r"связь|доставк\w*)|гени\w*|прям (?:мечта|сказка)|мечта|заботлив\w*|на высоте|браво|"
    r"так держать|как всегда|ничего не скажешь|спасибо за заботу|выспал\w* отлично|"
    r"блестящ\w*|потрясающ\w*|вы лучшие|лучшие|молодцы|умницы|аплодисмент\w*|👏|"
    r"(?:просто|прям) (?:огонь|супер|класс|шедевр|объедение|сказка|космос|бомба)|"
    r"обожаю (?:ваш|вас)|идеальн\w*|премиальн\w*|"
    r"очень (?:вовремя|кстати|по-братски|щедро|мило|удобно)|восхищ\w*|снимаю шляпу|"
    r"высший пилотаж|неподражаем\w*|на пятерку|держит марку|на верном пути|самое время|"
    r"(?:вот это|какой|какая|какое) (?:я понимаю|скорость|сервис|умн\w*|забот\w*)|"
    r"(?<![а-я])[а-я]+(?:ейш|айш)(?:ий|ая|ее|ие|ую|его|ей))"
)
# What a customer adds after ironic thanks or praise: «теперь заживу», «я ведь так мечтал
# заплатить ещё за год», «прям чувствуете клиента», «а, её же нет», «лучше бы оплата
# работала». Narrow on purpose: «праздник удался», «вот это сервис», «чувствуется
# забота», «рекорд», «всю жизнь мечтал» end sincere thanks as often.
_IRONIC_TAIL = re.compile(
    r"(?<![а-я])(?:(?:теперь|вот|ну) заживу|я ведь (?:так )?мечтал|так мечтал (?:заплатить|"
    r"платить|ждать|стоять|переплатить)|чувствуете (?:клиента|заботу)|теперь это квест|"
    r"(?:целый|настоящий) квест|угадайка|(?:ездить|ходить|стоять|ждать|бегать)\w* (?:\w+ ){0,4}"
    r"полезно для|тренировк\w* (?:терпени|нервов)|тренируете|(?:а|ах|ой),? (?:ее|его|их) же нет|"
    r"хоть кто-то из нас|диетическ\w*(?: \w+)? видимо|лучше бы (?:\w+ ){0,2}(?:работал|починил|"
    r"сделал|исправил|вернул|ответил|доставил|привез))"
)
# Understatement of a loss: «всего-то», «каких-то», «мелочи», «пустяки», «подумаешь».
_UNDERSTATEMENT = re.compile(
    r"(?<![а-я])(?:всего-то|всего лишь|каких-то|каких то|всего навсего|всего-навсего|"
    r"мелочи|пустяки|подумаешь|дело житейское|ерунда какая)"
)
# A length of waiting: «5 дней», «пару недель», «с марта»; _WAIT_SPAN also counts calls,
# requests and times («пять звонков»), _LONG_SPAN only days and longer («5 минут» is
# no wait to be ironic about).
_SPAN_COUNT = (r"(?<!\w)(?:\d+|пару|пять|шесть|семь|неделю|месяц|полтора|два|три|четыре)"
               r"[- ]?(?:[а-я]+ )?")
_MONTHS_OF = (r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|"
              r"декабря")
_SPAN_SINCE = (rf"(?<![а-я])с (?:\d{{1,2}} (?:{_MONTHS_OF})|утра|{_MONTHS_OF}|"
               r"прошл|понедельника|вторника|среды|четверга|пятницы|субботы|"
               r"воскресенья)")
_LONG_UNITS = r"дн|день|недел|месяц|час|сут|год"
_WAIT_SPAN = re.compile(
    rf"{_SPAN_COUNT}(?:{_LONG_UNITS}|минут|звонк|заяв|обращени|раз)|{_SPAN_SINCE}")
_LONG_SPAN = re.compile(rf"{_SPAN_COUNT}(?:{_LONG_UNITS})|{_SPAN_SINCE}")
# Rhetorical reproaches and demands that ``cue_markers`` does not know (prior only: the
# shipped models' features stay as they were trained).
_REPROACH = re.compile(
    r"(?<![а-я])(?:(?:и )?это (?:вы )?называ\w*|вам не стыдно|как не стыдно|совесть (?:есть|"
    r"имеете)|обнаглел|за (?:дураков|людей не|лохов) (?:нас |меня )?(?:держите|считаете)|"
    r"кто-нибудь (?:там )?(?:вообще )?(?:читает|отвечает|работает)|есть (?:кто|хоть кто) живой|"
    r"вы (?:вообще|там вообще) |этим все сказано|без комментариев|"
    r"где (?:обещанн|мой заказ|моя посылка|мои деньги|деньги)|позовите (?:\w+ )?(?:старш|"
    r"руководител|менеджер|директор|администратор|управляющ)|пусть (?:\w+ )?(?:объяснит|"
    r"объяснят|ответит|ответят|разберется|разберутся)|кто (?:мне |нам )?(?:теперь )?"
    r"(?:компенсир|возмест|ответит за|заплатит|вернет)|"
    # Rhetorical questions: «это как?», «и это всё?», «а дальше что», «ау», «долго мне ещё
    # ждать?», «когда вы уже научитесь…», «мне самому ехать?», «какой из них правильный?»
    r"это как(?: (?:понимать|так|вообще))? ?(?:\?|xxquest|$)|как это понимать|"
    r"(?:^|[.!?] )и это все ?(?:\?|xxquest)|а дальше что|(?:^|[.!?,] )ау(?: ?[.!?]|$)|"
    r"долго (?:мне |нам )?(?:еще |ещё )?(?:ждать|ждем)|"
    r"когда (?:вы|вы уже|же вы) (?:\w+ )?(?:научитесь|начнете|сделаете|исправите|починит)|"
    r"(?:мне|нам) (?:\S+ ){0,3}(?:самому|самой|самим) (?:\S+ ){0,3}(?:ехать|идти|забирать|"
    r"везти|чинить|звонить|разбираться|искать|платить|ремонтировать|приезжать)|"
    r"(?:жду|ждать|ждем) дальше ?(?:\?|xxquest)|"
    r"сколько (?:\w+ ){0,2}(?:может|будет|еще|ещё) (?:\w+ )?(?:лежать|идти|ехать|висеть|ждать)|"
    r"какой из (?:них|ответов|вариантов) (?:правильный|верный)|и что (?:мне|нам) теперь делать|"
    # Demands: an imperative with «уже» («разберитесь уже», «заберите уже ваш роутер»),
    # «дайте номер вашего руководителя».
    r"(?<=[а-я])(?:ите|йте)(?:сь)? уже(?![а-я])|дайте (?:мне )?(?:номер|телефон|контакт)\w* "
    r"(?:\w+ ){0,2}(?:руководител|начальни|старш|директор))"
)
# No problem, no complaint: «никогда не было проблем», «нареканий нет», «ни одной
# задержки»; a doubled negation that praises: «не могу не похвалить»; «неплохой».
_NO_PROBLEM = re.compile(
    r"(?<![а-я])(?:(?:нет|без|не было|не возникало|не возникло|никаких|ни одной|ни одного|"
    r"ни разу не было|не имею)(?: \w+)? (?:проблем|претензи|нарекани|жалоб|сбо|косяк|"
    r"задерж|опоздани|замечани|очеред)|(?:проблем|претензий|нареканий|жалоб|сбоев) (?:\w+ )?"
    r"(?:нет|не было|не возникало)|не (?:могу|можем|могла|могли|мог) не (?:похвал|отмет|"
    r"поблагодар|сказать спасибо|выразить|порадова)|ни разу не подвел\w*|не пожалел\w*|"
    r"не жалею|не нарадуюсь|неплох\w*|не (?:опоздал|подвел|разочаровал|обманул|навязал|"
    r"подвод)\w*|ни одного (?:отключени|сбо|раза не)|без (?:единой|лишних|очеред|"
    r"проволочек|задерж)|не ожидал\w* что так|ничего лишнего|не помню ни (?:одного|единого) "
    r"(?:раза|случая)|не перестает\w* радовать|не перестаете радовать|нет (?:ни одной )?"
    r"причин\w* (?:уходить|менять|жаловаться)|(?:ни|не) разу не (?:\w+ )?(?:отключ|сломал|"
    r"опоздал|задерж|пропада|глюч|завис|ошиб|обман|подвел|"
    r"привез\w* (?:\w+ )?(?:мят|гнил|испорч|не то)))"
)
# A fear or a bad expectation, then the turn: «боялась, что… а оказалось», «думал, всё
# пропало — поддержка поменяла за 5 минут», «шла ругаться, а ругаться не пришлось».
_RELIEF = re.compile(
    r"(?<![а-я])(?:боял\w*|боюсь|страшно было|переживал\w*|опасал\w*|думал\w*,? (?:что )?все "
    r"пропало|(?:шел|шла|собирал\w*) (?:\w+ ){0,2}ругаться|не надеял\w*|уже не надеял\w*)"
    r"[^.!?]{0,80}?(?:,? (?:а|но|однако) |\s*—\s*|оказалось)"
)
# «Ни одного месяца без сбоев»: a double negation that complains.
_NEVER_WITHOUT = re.compile(r"(?<![а-я])ни (?:одного|одной|дня|недели|месяца|разу)\w* "
                            r"(?:\w+ )?без (?:сбо|проблем|отключ|косяк|глюк|ошиб|задерж)")
# A hedged negation: «не сказал бы, что медленно», «нельзя сказать, что дорого».
_HEDGE = re.compile(r"(?<![а-я])(?:не|нельзя) (?:сказать|скажу|сказал\w*|могу сказать|назвать|"
                    r"назову)(?: бы)?,? ?(?:что|чтобы)?(?![а-я])")
# The word a hedge negates, among the next few: negative (within 5) or positive (within 8).
_HEDGE_NEGATIVE = re.compile(r"(?:медлен|долг|дорог|плох|ужас|сложн|груб|хуж|отврат|редк)")
_HEDGE_POSITIVE = re.compile(r"(?:быстр|дешев|довол|помог|торопит|спеши|восторг|лучш|хорош|"
                             r"удобн|вежлив|качествен|отличн|шустр|стара|выгодн)")
_WORD = re.compile(r"[а-я]+")
_HEDGE_TURN = re.compile(r"(?<![а-я])(?:но|а|однако|зато|просто|скорее)(?![а-я])")
# A verdict balanced between the two: «не быстро, но и не медленно», «ни лучше ни хуже»,
# «не то чтобы доволен, не то чтобы недоволен», «связь как связь».
_BALANCED = re.compile(r"(?<![а-я])(?:но и (?:не|ни|жаловаться|ругать)|ни (?:лучше|хуже|"
                       r"хорошо|плохо|быстр\w*|медленн\w*),? ни |не то чтобы [^.!?]{1,30}"
                       r"не то чтобы|так себе|ни рыба ни мясо|рано (?:судить|говорить)|"
                       r"время покажет)")
_SAME_AS = re.compile(r"(?<![а-я])([а-я]{3,}) как \1(?![а-я])")  # «связь как связь»
# Facts that are bad news for a customer, as news of a brand: prices up, new fees,
# licence revoked, outages, leaks, fines, offices closing. Narrower than ``xxc_bad_news``
# (which also holds «списал», «жалоба», «обман», words of many neutral questions).
_HARD_BAD_NEWS = re.compile(
    r"(?<![а-я])(?:(?:тариф|цен|стоимост|комисси|абонплат|абонентк|абонентск\w* плат|"
    r"плат\w* за)\w* "
    r"(?:\w+ ){0,3}(?:вырастет|вырастут|вырос|растут|повыс|подним|подня|увелич|подорожа)|"
    r"(?:повыс|повыш|подня|подним|увелич)\w* (?:\w+ )?(?:тариф|цен|стоимост|комисси|абонплат)|"
    r"подорожа|(?:отозва|отзыва|лиши)\w* (?:\w+ )?лиценз|отзыв\w* лиценз|банкрот|"
    r"(?:масштабн|массов|крупн)\w* (?:сбо|отключ|авари)|сбо\w* в работе|"
    r"утечк\w* (?:данных|персональн|клиент)|оштрафова|штраф\w* (?:на|в размере)|"
    r"уголовн\w* дел|обыск|арестова|(?:ввел|ввели|вводит|вводят|введут|введен)\w* "
    r"(?:\w+ ){0,2}(?:плат|комисси|сбор|ограничени|лимит)|платн\w+ (?:доставк|возврат|"
    r"обслуживани|подписк|выдач)|теперь (?:только |с комисси|платн|за деньги)|"
    r"(?:обслуживани|содержани)\w* карт\w* \d+|плач\w* (?:теперь )?(?:на \d+ (?:\w+ )?)?больше|"
    r"стал\w* (?:\w+ )?дороже|дороже на \d|(?:офис|отделени|пункт|магазин|пвз|филиал)\w* "
    r"(?:\w+ ){0,3}закрыл(?:ся|ись|ось|ась)|(?:офис|отделени|пункт|магазин)\w* "
    r"(?:\w+ ){0,3}закрыва|закрыва\w* (?:офис|отделени|пункт|насовсем)|пвз (?:\w+ ){0,4}"
    r"закрыва|закрыти\w* (?:офис|отделени|пункт|магазин|филиал)|закрыт\w* навсегда|"
    r"вырастает|вырастают|повышается|подорожает|дорожает|не будет (?:горяч|холодн|"
    r"вод|свет|электричеств|интернет|связ|отоплени|газ)|приостановлен\w*|больше не "
    r"(?:доставля|работа|принима|обслужива|выда)|комисси\w* (?:за|\d))"
)
# Conditions made worse, told as a fact to the brand (prior only): a cost raised or
# introduced («теперь берёт 2%», «+230 рублей», «раньше же бесплатно было»), a good thing
# cut («урезал пакет с 35 до 25 гб», «снизила кэшбэк», «хранит 3 дня вместо 7»), a
# branch closed or moved away, a change in numbers («было 14, теперь 11»).
_WORSE = re.compile(
    r"(?<![а-я])(?:(?:урезал|урезали|урезан|понизил|понизили|снизил|снизила|снизили|сократил|"
    r"сократили|уменьшил|уменьшили)\w* (?:\w+ ){0,3}(?:кэшбэк|кешбэк|кешбек|ставк|лимит|пакет|"
    r"бонус|процент|срок|гб|минут|скорост|баллы|балл)|"
    r"(?:поднял|подняли|повысил|повысили|увеличил|увеличили)\w* (?:\w+ ){0,3}(?:порог|платеж|"
    r"минимальн|цен|тариф|стоимост|комисси|абонплат|абонентк|процент по кредит)|"
    r"(?:убрал|убрали)\w* (?:\w+ ){0,2}(?:касс|бесплатн|возможност|скидк|кнопк|льгот)|"
    r"(?:закрыли|закрылся|закрылось|закрывается|закрываются|закрывают|переехал\w*)(?![а-я])|"
    r"остал\w* только|только банкомат|теперь (?:\w+ ){0,2}(?:берет|берут|платн|по \d|максимум|"
    r"только|от \d|\d+ ?(?:р|руб|%))|берет \d+ ?(?:%|р)|"
    r"(?:раньше|до этого|было) (?:же |было )?(?:бесплатн|\d)|\d+ вместо \d+|"
    r"с \d+ до \d+ ?(?:%|гб|дн|р|руб)|\+\d+ ?(?:р|руб)|вырос\w* с \d+ до \d+)"
)
# A question that only asks what the change means («правильно понимаю…? где посмотреть?»).
_INFO_ASK = re.compile(r"(?<![а-я])(?:правильно (?:я )?понима\w*|подскажите|уточните|где "
                       r"(?:посмотреть|узнать)|на какой|какой (?:\w+ )?(?:тариф|вариант)|можно ли)")
# News that sounds negative and is good for customers: «отменили абонплату», «снизили
# комиссию», «сократил убыток вдвое».
_GOOD_NEWS = re.compile(
    r"(?<![а-я])(?:(?:отмени|убра|снизи|сократи|снижа|отменя|уменьши|обнули)\w* (?:\w+ ){0,2}"
    r"(?:комисси|абонплат|плат|цен|тариф|стоимост|убыт|долг|задолженн|очеред|врем\w* "
    r"ожидани)|(?:стал|станет|будет|теперь)\w* бесплатн\w*)"
)
# Sincere praise that the corpora (VK posts, news tweets) under-read in a comment.
_SINCERE_PRAISE = re.compile(
    r"(?<![а-я])(?:(?:просто )?топ(?![а-я])|огонь|летает|лучш(?:ий|ая|ее|ие|его|ей|им|ую)|"
    r"молодц\w*|умниц\w*|респект|рекоменд\w*|доволен|довольна|довольны|в восторге|"
    r"отличн\w*|прекрасн\w*|замечательн\w*|вежлив\w*|уважени\w*|уважуха)"
)
_NEGATED_BEFORE = re.compile(r"(?<![а-я])(?:не|ни|нет|без) (?:\w+ )?$")
_PROBLEM = re.compile(
    r"(?<![а-я])(?:проблем|сбо[йяи]|ошибк|списани|путаниц|накладк|неполадк|авари|не работал|"
    r"не было|не могл|не мог|не получал|потерял|сломал|двойн)"
)
_PLEA = re.compile(r"(?<![а-я])(?:помогите|подскажите|объясните)(?![а-я])")
_WAITING_WORDS = r"жду|ждем|ожидаю"
_STILL_WORDS = r"до сих пор|так и не|все еще|по-прежнему"
_WAITING = re.compile(rf"(?<![а-я])(?:{_WAITING_WORDS})(?![а-я])")
_STILL = re.compile(rf"(?<![а-я])(?:{_STILL_WORDS})(?![а-я])")
# A wait still going on: «жду», «до сих пор», «так и не»; not «ждал неделю, пришло».
_ONGOING_WAIT = re.compile(rf"(?<![а-я])(?:{_WAITING_WORDS}|{_STILL_WORDS})(?![а-я])")
_STATUS = re.compile(r"(?<![а-я])(?:в статусе|статус[а-я]* \")")
# A promise and the time since: «обещали перезвонить в течение 24 часов. прошла неделя».
_PROMISE_LAPSED = re.compile(r"(?<![а-я])(?:обеща\w*|сказали|пообеща\w*)(?![а-я])[^.!?]{0,80}"
                             r"[.!?,]? ?(?:уже )?прошл[аои]? (?:уже )?(?:неделя|месяц|полгода|"
                             r"\d+ [а-я]+|[а-я]+ (?:дн|недел|месяц))")
# The time that passed, told to the brand: «когда будет возврат? прошло 20 дней».
_ELAPSED = re.compile(r"(?<![а-я])прошл[оа] (?:уже )?"
                      r"(?:\d+(?! (?:год|лет))|[а-я]+ (?:дн|недел|месяц))")
# A thing stuck for a time told: «перевод третьи сутки висит в обработке», «сервис молчит
# уже месяц».
# Silent for a time told: «поддержка молчит неделю».
_SILENT_FOR = re.compile(r"(?<![а-я])(?:молч\w*|не отвеча\w*|тишина) (?:уже )?(?:целую |целый )?"
                         r"(?:неделю|месяц|полгода|\d+ (?:дн|недел|месяц))")
_STUCK = re.compile(r"(?<![а-я])(?:вис(?:ит|ят|ел|ела|ели)|завис(?:ла|ло|ли)?|в обработке|в работе|"
                    r"принят\w* в работу|не (?:может|могут|можете|смогли|смог)|"
                    r"молч(?:ит|ат|али|ал)|тишина)(?![а-я])")
# After «никогда не было проблем»: «…, но в этом месяце…», «…, а теперь…».
_BUT = re.compile(r"(?<![а-я])(?:но|однако)(?![а-я])")  # «не плохо, но могли бы быстрее»
_CONTRAST = re.compile(r"(?<![а-я])(?:но|а|однако|зато|теперь|до прошл[а-я]+)(?![а-я])")
# Openers of thanks that are ironic beside a wait: «ну спасибо», «ох спасибо», «спасибо,
# конечно», «спасибище».
_NU_THANKS = re.compile(r"(?<![а-я])(?:(?:ну|ох|ах|ой|вот),? (?:спасиб|спс|благодар)|"
                        r"спасиб\w*,? конечно|спасибищ)")
# A delivery that took long, told as a fact: «посылка идет 23 дня», «ехала три недели».
_SLOW = re.compile(r"(?<![а-я])(?:идет|шл[аио]|шел|ехал[аио]?|едет|везут|везли|доставля\w*) "
                   r"(?:(?:из|до|в|через) [а-я]+ ){0,2}(?:уже |почти |целых |аж |больше |более )?"
                   r"(?:(?:\d{2,}|[7-9]) (?:дн|день)|(?:\w+ )?(?:недел|месяц)|"
                   r"(?:седьм|восьм|девят|десят|[а-я]+надцат)\w* (?:день|дн|сут))")
_GOOD_STEM = re.compile(r"(?<![а-я])(?:качеств|бесплатн|выгодн|забот|быстр|удобн|лучш|"
                        r"надежн|премиум|безлимит|вежлив|оперативн|честн)")
_THANKS = re.compile(r"(?<![а-я])(?:спасиб|благодар|спс(?![а-я])|признател|мерси)")
# Thanks in advance, inside a request: no thanks for anything done (gratitude reads it too).
IN_ADVANCE = re.compile(r"заранее (?:спасибо|благодар|спс)|(?:спасибо|благодарю) заранее")


@lru_cache(maxsize=4096)  # brand_prior and is_ironic (gratitude too) ask on one text
def _complaint(norm: str) -> bool:
    """A complaint still going on: a rhetorical question or demand, a failure, an
    outcome not delivered, a wait told in the present («жду с марта», «до сих пор»), a
    status stuck for days; «опять» only beside bad news («опять нет интернета»: not
    «спасибо, опять всё пришло вовремя»). A wait told in the past («ждал неделю, сегодня
    пришёл») is not one."""
    markers = cue_markers(norm)
    if ("xxc_rhetorical" in markers or "xxc_demand" in markers
            or _FAILURE.search(norm) or _NOT_DONE.search(norm) or _REPROACH.search(norm)):
        return True
    span = bool(_WAIT_SPAN.search(norm))
    if _WAITING.search(norm) and (span or "xxc_wait" in markers):
        return True
    if "xxc_wait" in markers and _STILL.search(norm):
        return True
    if (_STATUS.search(norm) or _STUCK.search(norm)) and (span or "xxc_wait" in markers):
        return True
    if _SLOW.search(norm) or _PROMISE_LAPSED.search(norm) or _SILENT_FOR.search(norm):
        return True
    # The time that passed, beside a question or a promise («прошло 20 дней»; not «прошло
    # 4 дня, а я всё смеюсь»).
    if _ELAPSED.search(norm) and ("?" in norm or "xxquest" in norm or "обеща" in norm):
        return True
    return "xxc_again" in markers and "xxc_bad_news" in markers


def _calm(norm: str) -> bool:
    """No problem told, and no «но/а/теперь» after it: «никогда не было проблем»."""
    no_problem = _NO_PROBLEM.search(norm)
    return (bool(no_problem) and not _CONTRAST.search(norm, no_problem.end())
            and not _NEVER_WITHOUT.search(norm))


def _thanks(norm: str) -> bool:
    """A thanks word that is not thanks in advance («заранее спасибо»)."""
    return bool(_THANKS.search(norm)) and not IN_ADVANCE.search(norm)


@lru_cache(maxsize=4096)
def _fixed(norm: str, told_problem: bool = False) -> bool:
    """The comment tells of a problem that is over: a fix, told after the last failure
    («потеряли посылку, но потом нашли и привезли»; not «привезли чужой заказ»), and
    nothing still going on. ``told_problem``: and a problem was told before the fix
    («была проблема с двойным списанием, деньги вернулись»), not only a fix word."""
    fixes = [m.start() for m in _FIXED.finditer(norm)]
    if not fixes or _ONGOING.search(norm):
        return False
    # «Мастер пришёл, ничего не сделал и ушёл»: an outcome not delivered after the fix word.
    failures = [m.start() for pattern in (_FAILURE, _NOT_DONE) for m in pattern.finditer(norm)]
    if failures and max(failures) > max(fixes):
        return False
    if told_problem:
        problems = [m.start() for m in _PROBLEM.finditer(norm)] + failures
        return bool(problems) and min(problems) < max(fixes)
    return True


def _praised(norm: str) -> bool:
    """Sincere-sounding praise (``_SINCERE_PRAISE``) that no negation takes back («не очень
    доволен»): a negation within the 20 characters before (bounded: linear time)."""
    return any(not _NEGATED_BEFORE.search(norm, max(0, m.start() - 20), m.start())
               for m in _SINCERE_PRAISE.finditer(norm))


def praise_or_fix(norm: str) -> bool:
    """Sincere praise or a fixed problem is told («вы лучшие», «всё починили»): what a
    thanks beside it is for (``model.gratitude`` reads it)."""
    return _praised(norm) or _fixed(norm)


# An opening quote followed by a lower-case letter, in the raw text (normalising lowers
# the case): the customer quotes the brand's words back («ваше обращение
# зарегистрировано», «скорость до 100 мбит», «случайно»), not a name («Лента»).
_SCARE_QUOTE = re.compile(r"(?:«|„|(?<!\w)[“\"])[a-zа-яё]")
# A quote that names a thing is no scare quote, even in lower case: «акция «приведи
# друга»», «тариф «безлимит»», «конкурс «лучший отзыв»».
_NAMED = re.compile(r"(?:акци|тариф|программ|услуг|опци|подписк|конкурс|розыгрыш|рубрик|"
                    r"магазин|кафе|ресторан|сет|комбо|марафон|челлендж|проект|фестивал|клуб|"
                    r"карт|пакет|курс|игр|флешмоб)[а-яё]*\s*$", re.IGNORECASE)


def scare_quoted(raw: str) -> bool:
    """Does the raw (not normalised) text quote words in lower case (scare quotes), other
    than the name of a thing (a promotion, a tariff, a contest)?"""
    return any(not _NAMED.search(raw, max(0, m.start() - 30), m.start())
               for m in _SCARE_QUOTE.finditer(raw))


@lru_cache(maxsize=4096)  # the tone prior, then gratitude, on the same text
def is_ironic(norm: str, scare: bool = False) -> bool:
    """Thanks or praise that mean the opposite, in a normalised comment: the cues'
    ironic markers, or thanks/praise beside a complaint that is not over, or an
    understatement of a wait («всего-то месяц»), or (``scare``: ``scare_quoted`` of the
    raw text) thanks/praise beside the brand's words quoted back («спасибо за ответ
    «ваше обращение зарегистрировано»»). ``model.gratitude`` reads it too."""
    norm = _MARKS.sub("", norm)
    markers = cue_markers(norm)
    # Explicit ironic thanks («спасибо, блин», «спасибо за потраченные нервы») stay
    # ironic whatever follows; praise beside a complaint is not, once a fix is told
    # after it («вчера был сбой, сегодня починили, спасибо за быструю реакцию»).
    if "xxc_iron_thanks" in markers:
        return True
    thanks = _thanks(norm)
    praise = bool(_PRAISE_IRONIC.search(norm)) or "xxc_quoted_praise" in markers
    understatement = bool(_UNDERSTATEMENT.search(norm))
    if not (thanks or praise or understatement or not IRONY_MARKERS.isdisjoint(markers)):
        return False  # irony needs one of them: most comments end here, cheaply
    if _fixed(norm):
        return False
    if not IRONY_MARKERS.isdisjoint(markers) or (scare and (thanks or praise)):
        return True
    if (thanks or praise) and _IRONIC_TAIL.search(norm):
        return True
    if understatement and (_LONG_SPAN.search(norm) or _complaint(norm)):
        return True
    # «Ну спасибо, посылка ехала неделю»; thanks for a thing in scare quotes («спасибо за
    # смс о "повышении качества"», «теперь знаю, что "бесплатное обслуживание" — 99 руб»).
    if thanks and ((_NU_THANKS.search(norm) and _WAIT_SPAN.search(norm))
                   or any(_GOOD_STEM.search(q) for q in _QUOTED.findall(norm))):
        return True
    if not (thanks or praise):
        return False
    return _complaint(norm) or (bool(_HARD_BAD_NEWS.search(norm))
                                and not _GOOD_NEWS.search(norm))


def _hedged(norm: str) -> str | None:
    """``balanced``, ``negated_negative`` or ``negated_positive`` for a verdict hedged
    or balanced («не сказал бы, что медленно»: praise; «нельзя сказать, что вы
    торопитесь»: a complaint; «…, но и не медленно»: neither), else None."""
    if _BALANCED.search(norm) or (" как " in norm and _SAME_AS.search(norm)):
        return "balanced"
    hedge = _HEDGE.search(norm)
    if not hedge:
        return None
    # «…, но зато вежливо», «Он просто никакой»: what comes after the turn decides; left.
    if _HEDGE_TURN.search(norm, hedge.end()):
        return None
    after = _WORD.findall(norm, hedge.end(), hedge.end() + 80)
    if any(_HEDGE_NEGATIVE.match(w) for w in after[:5]):
        return "negated_negative"
    if any(_HEDGE_POSITIVE.match(w) for w in after[:8]):
        return "negated_positive"
    return None


def brand_prior(norm: str, negated: Sequence[str] | Callable[[], Sequence[str]],
                scare: bool = False) -> str | None:
    """The ``PRIORS`` key that applies to a normalised comment, or None. ``scare``:
    the raw text quotes words in lower case (``scare_quoted``).

    ``negated``: its ``не_<lemma>`` terms (``negated_lemmas``), or a function that
    gives them (called only when a negative word's stem is in the text: lemmatising
    every comment again cost more than the rest of the prior).
    """
    # The checks run cheapest and most selective first; ``_complaint`` and ``_fixed``
    # (cached per text) only where a rule needs them.
    norm = _MARKS.sub("", norm)
    markers = cue_markers(norm)
    thanks = _thanks(norm)
    question = "?" in norm or "xxquest" in norm or "xxc_polite_ask" in markers
    if ((thanks or _praised(norm)) and "xxc_iron_thanks" not in markers and _fixed(norm)):
        return "thanks_for_fix"  # «была проблема …, вернули за день. Спасибо поддержке»
    if is_ironic(norm, scare):
        return "irony"
    rhetorical = ("xxc_rhetorical" in markers or "xxc_demand" in markers
                  or bool(_REPROACH.search(norm)))
    # Without a word of the brand or its service, a complaint-like phrase is most often
    # a post about life («снова дома», «жду, когда опять приедешь»): no prior then.
    brand = bool(_ADDRESS.search(norm))
    if rhetorical and brand:
        return "complaint_to_brand"
    hedge = _hedged(norm)
    if hedge:
        return hedge
    if brand and _NEVER_WITHOUT.search(norm):
        return "complaint_to_brand"  # «ни одного месяца без сбоев»
    # A fear dispelled: «боялась, что выйдет дорого, а оказалось 1200 за всё».
    if _RELIEF.search(norm) and not _complaint(norm):
        return "relief"
    # «Без проблем вернула, деньги пришли через два дня», «…, никаких претензий»: no
    # problem said last, nothing going on: praise, before the fixed-problem rule below.
    calm = _calm(norm) and not _ONGOING_WAIT.search(norm) and "xxc_complaint" not in markers
    if calm and not thanks and not question:
        return "negated_negative"
    # A fixed problem told calmly; with thanks it is positive anyway (the rule above).
    # Not beside a failure told in the present: «не работает третий день, а у соседей
    # всё работает» ends with «всё работает» and is no fixed problem.
    if not thanks and (("xxc_resolved" in markers and not _FAILURE.search(norm))
                       or _fixed(norm, told_problem=True)):
        return "resolved"
    # A question that reports a failure («зачем мне кешбэк, если карта не проходит?») is a
    # complaint; a polite one («подскажите, не проходит оплата») is the unsure customer.
    polite = _POLITE_ASK.search(norm)
    # «Не помню ни одного раза, чтобы курьер опоздал»: the failure word is what never was.
    if brand and _complaint(norm) and not polite and not _fixed(norm) and not _calm(norm):
        return "complaint_to_brand"
    if (polite and (question or _PLEA.search(norm)) and not rhetorical
            and not _ONGOING_WAIT.search(norm) and "xxc_wait" not in markers
            and "xxc_again" not in markers and not _NOT_DONE.search(norm)):
        return "polite_question"
    # «Ни разу не отключался»: the bad-news word is what never happened.
    if calm and "xxc_bad_news" in markers:
        return "negated_negative"
    if "xxc_bad_news" not in markers:
        negative_negated = (
            _NEGATIVE_STEM.search(norm) and not _BUT.search(norm)
            and any(t[3:] in _NEGATIVE_LEMMAS
                    for t in (negated() if callable(negated) else negated)))
        if (negative_negated and not _complaint(norm)) or calm:
            return "negated_negative"
    if not thanks and not _GOOD_NEWS.search(norm) and (
            _HARD_BAD_NEWS.search(norm) or (brand and _WORSE.search(norm))) and (
            not question or not _INFO_ASK.search(norm)):
        return "bad_news"  # a question only when it is no plain ask («раньше же бесплатно было?»)
    if not question and _GOOD_NEWS.search(norm):
        return "good_news"
    if not question and brand and (thanks or _praised(norm)) and not _complaint(norm):
        return "thanks"
    return None
