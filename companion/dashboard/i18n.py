"""The dashboard's words: Russian first, English with ``?lang=en`` (kept in the session)."""

from __future__ import annotations

from datetime import date

from flask import request, session

LANGS = ("ru", "en")

# key: (Russian, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "app_title": ("Отклик · тренерская", "Otklik · trainers"),
    "nav_overview": ("Обзор", "Overview"),
    "nav_review": ("Разбор недели", "Weekly review"),
    "nav_fame": ("Доска почёта", "Hall of fame"),
    "nav_templates": ("Шаблоны", "Templates"),
    "nav_settings": ("Настройки", "Settings"),
    "from": ("С", "From"),
    "to": ("по", "to"),
    "platform": ("Площадка", "Platform"),
    "all_platforms": ("Все площадки", "All platforms"),
    "operator": ("Оператор", "Operator"),
    "all_operators": ("Все операторы", "All operators"),
    "working_hours_only": ("Только рабочие часы", "Working hours only"),
    "show": ("Показать", "Show"),
    "last_n_days": ("{n} дн.", "{n} days"),
    "export_csv": ("Скачать CSV", "Download CSV"),
    "median_response": ("Медиана первого ответа", "Median first response"),
    "target": ("цель {t}", "target {t}"),
    "within_target": ("В пределах цели", "Within target"),
    "within_target_hint": ("первых ответов не позже {t}", "first responses within {t}"),
    # The count beside the share, so a trainer who quotes it can check it.
    "within_target_count": ("{n} из {of} первых ответов не позже {t}",
                            "{n} of {of} first responses within {t}"),
    # The «without a reply» card: what the first-response figures cannot see.
    "unanswered": ("Без ответа в otklik", "No reply in otklik"),
    "unanswered_hint": (
        "из {came} пришедших за период · {late} ждут дольше цели {t} ({clock})",
        "of {came} that came in during the range · {late} waiting past the {t} target "
        "({clock})",
    ),
    "unanswered_note": (
        "Ответы, написанные не через otklik, здесь не видны.",
        "Replies written outside otklik are not seen here.",
    ),
    "unanswered_team": (
        "По всей команде: комментарий без ответа ещё ничей.",
        "For the whole team: a comment nobody answered is nobody's yet.",
    ),
    "p90": ("90-й перцентиль", "90th percentile"),
    "p90_hint": ("9 из 10 первых ответов быстрее", "9 in 10 first responses are faster"),
    "mean": ("Среднее", "Mean"),
    "mean_hint": ("для справки: выбросы тянут его вверх", "for reference: outliers pull it up"),
    "replies": ("Первых ответов", "First responses"),
    "replies_hint": (
        "по одному на комментарий; {timed} со временем комментария",
        "one per comment; {timed} with the comment's time",
    ),
    "follow_ups": ("Повторные ответы", "Follow-ups"),
    "follow_ups_hint": (
        "{per} на комментарий · между ответами {gap} (медиана)",
        "{per} per comment · {gap} between replies (median)",
    ),
    "col_follow_ups": ("Повторных", "Follow-ups"),
    "follow_up": ("повторный", "follow-up"),
    "follow_up_hint": (
        "не первый ответ команды на этот комментарий; в медиану и цель не входит",
        "not the team's first reply to this comment; not in the median or the target",
    ),
    "wd_off": ("Вых.", "Off"),
    "template_share": ("Шаблонные ответы", "Template replies"),
    "template_hint": (
        "оценка черновика ≥ {x} · из {n} ответов с оценкой",
        "draft score ≥ {x} · of {n} replies with a score",
    ),
    "clock_wall": ("по часам", "wall-clock"),
    "clock_work": ("в рабочих часах", "working hours"),
    "by_day": ("Время первого ответа по дням", "First response time by day"),
    "by_day_desc": (
        "Медиана и 90-й перцентиль времени первого ответа по дням; линия — цель {t}.",
        "Median and 90th percentile first response time per day; the line is the {t} "
        "target.",
    ),
    "median": ("Медиана", "Median"),
    "buckets": ("Распределение времени первого ответа", "First response time distribution"),
    "buckets_desc": (
        "Число первых ответов в каждом интервале времени ответа.",
        "First responses in each response-time interval.",
    ),
    "b_le20m": ("≤ 20 мин", "≤ 20 min"),
    "b_20to60m": ("20–60 мин", "20–60 min"),
    "b_1to4h": ("1–4 ч", "1–4 h"),
    "b_4to24h": ("4–24 ч", "4–24 h"),
    "b_over1d": ("> 1 дня", "> 1 day"),
    "by_operator": ("Операторы", "Operators"),
    "by_operator_desc": (
        "Медиана времени первого ответа по операторам; линия — цель.",
        "Median first response time per operator; the line is the target.",
    ),
    "col_operator": ("Оператор", "Operator"),
    "col_replies": ("Первых ответов", "First responses"),
    "col_median": ("Медиана", "Median"),
    "col_p90": ("p90", "p90"),
    "col_mean": ("Среднее", "Mean"),
    "col_within": ("В цели", "Within target"),
    "col_templates": ("Шаблоны", "Templates"),
    "activity": ("Когда приходят комментарии", "When comments come in"),
    "activity_desc": (
        "Все пришедшие комментарии, с ответом и без, по дням недели и часам (время "
        "команды); строка «Вых.» — праздники и нерабочие дни по календарю.",
        "Every comment that came in, answered or not, by weekday and hour (the team's "
        "time); the «Off» row: holidays and days off of the work calendar.",
    ),
    "activity_unanswered": (
        "За этот период комментарии пришли, но ни на один ещё нет ответа: вот когда они "
        "пришли (комментарии, которые видело расширение).",
        "Comments came in during this period and none has been answered yet: here is when "
        "they came (the comments the extension saw).",
    ),
    "by_hour": ("По часам суток", "By hour of day"),
    "by_hour_desc": ("Пришедшие комментарии, с ответом и без, по часам суток.",
                     "Comments that came in, answered or not, by hour of day."),
    "comments_unit": ("комм.", "comments"),
    "tone_over_time": ("Тон обработанных комментариев", "Tone of the handled comments"),
    "tone_desc": (
        "Доли негативных, нейтральных и позитивных комментариев по {p}.",
        "Shares of negative, neutral and positive comments per {p}.",
    ),
    "per_day": ("дням", "day"),
    "per_week": ("неделям", "week"),
    "tone_negative": ("Негатив", "Negative"),
    "tone_neutral": ("Нейтрально", "Neutral"),
    "tone_positive": ("Позитив", "Positive"),
    "thankful": ("Благодарят", "Thankful"),
    "of_n": ("из {n}", "of {n}"),
    "tone_known_hint": (
        "Тон известен для {tone} из {all} отвеченных комментариев, благодарность — для "
        "{thanks}; каждая доля считается только среди них (остальные ответы пришли без "
        "этих данных, например от старой версии расширения).",
        "Tone is known for {tone} of {all} answered comments, gratitude for {thanks}; each "
        "share is over those only (the other replies came without them, from an older "
        "extension, say).",
    ),
    "scored_n": ("из {n} с оценкой", "of {n} with a score"),
    "personas": ("Типы клиентов", "Customer personas"),
    "personas_desc": (
        "Сколько отвеченных комментариев пришлось на каждый тип клиента.",
        "Answered comments per customer persona.",
    ),
    "p_unsure": ("Неуверенный", "Unsure"),
    "p_talker": ("Собеседник", "Talker"),
    "p_positive": ("Позитивчик", "Positive"),
    "p_aggressor": ("Агрессор", "Aggressor"),
    "p_expert": ("Сисадмин", "Expert"),
    # «none»: the model read the comment and found no particular type; «unknown»: the
    # reply came without a persona (an older extension, an import), nobody looked.
    "p_none": ("Без особого типа", "No particular type"),
    "p_unknown": ("Тип не передан", "Type not sent"),
    "top_templates": ("Самые частые шаблоны", "Most used templates"),
    "top_templates_hint": (
        "Ответы, похожие на шаблон из библиотеки: кандидаты на переписывание.",
        "Replies close to a library template: candidates to rewrite.",
    ),
    "top_cliches": ("Канцелярит в ответах", "Clichés in replies"),
    "times": ("ответов: {n}", "replies: {n}"),
    "nothing": ("Пока нечего показать.", "Nothing to show yet."),
    "no_data": (
        "За эти даты ответов нет. Расширьте период или снимите фильтры.",
        "No replies for these dates. Widen the range or clear the filters.",
    ),
    "empty_db": (
        "Ответов ещё нет: они появятся, когда операторы начнут отвечать с "
        "установленным расширением.",
        "No replies yet: they appear once operators reply with the extension installed.",
    ),
    "operator_page": ("Оператор: {name}", "Operator: {name}"),
    "vs_team": ("команда: {v}", "team: {v}"),
    "trend": ("Медиана по неделям: оператор и команда", "Weekly median: operator and team"),
    "trend_desc": (
        "Медиана времени первого ответа по неделям, оператор против команды.",
        "Weekly median first response time, operator against the team.",
    ),
    "team": ("Команда", "Team"),
    "feedback_to": ("Обратная связь от тренеров", "Trainers' feedback"),
    "their_replies": ("Ответы", "Replies"),
    "col_sent": ("Отправлен", "Sent"),
    "col_comment": ("Комментарий", "Comment"),
    "col_reply": ("Ответ", "Reply"),
    "col_response": ("Ответ через", "Response"),
    "col_reaction": ("Увидел → начал", "Seen → started"),
    "col_typing": ("Набор", "Typing"),
    "col_score": ("Шаблонность", "Template score"),
    "col_cliches": ("Канцелярит", "Clichés"),
    "open": ("Открыть", "Open"),
    "star": ("★ На доску почёта", "★ Star"),
    "unstar": ("Убрать с доски", "Unstar"),
    "starred": ("На доске почёта", "Starred"),
    "reply_title": ("Ответ №{id}", "Reply #{id}"),
    "comment": ("Комментарий", "Comment"),
    "reply": ("Ответ", "Reply"),
    "timings": ("Время", "Timings"),
    "posted": ("Комментарий опубликован", "Comment posted"),
    "seen": ("Оператор увидел", "Operator saw it"),
    "started": ("Начал писать", "Started typing"),
    "sent": ("Ответ отправлен", "Reply sent"),
    "response_time": ("Время ответа", "Response time"),
    "work_time": ("в рабочих часах", "in working hours"),
    "feedback": ("Обратная связь", "Feedback"),
    "feedback_placeholder": (
        "Что получилось, что поправить в следующий раз…",
        "What worked, what to change next time…",
    ),
    "your_name": ("Ваше имя", "Your name"),
    "send_feedback": ("Отправить", "Send"),
    "no_feedback": ("Отзывов пока нет.", "No feedback yet."),
    "correct": ("Поправить разметку комментария", "Correct the comment's labels"),
    "correct_hint": (
        "Исправления попадают в `otklik train --with-corrections`.",
        "Corrections feed `otklik train --with-corrections`.",
    ),
    "tone": ("Тон", "Tone"),
    "persona": ("Тип клиента", "Persona"),
    "save": ("Сохранить", "Save"),
    "model_said": ("модель: {v}", "model: {v}"),
    "corrected_to": ("исправлено: {v}", "corrected: {v}"),
    "corrections": ("Исправления", "Corrections"),
    "open_in": ("Открыть в соцсети", "Open in the network"),
    "week_of": ("Неделя с {d}", "Week of {d}"),
    "prev_week": ("← Предыдущая", "← Previous"),
    "next_week": ("Следующая →", "Next →"),
    "slowest": ("Самые медленные ответы", "Slowest replies"),
    "empty_slowest": (
        "Все первые ответы недели уложились в цель {t}.",
        "Every first response of the week met the {t} target.",
    ),
    "empty_most_templated": (
        "Ни один ответ недели не был похож на шаблон настолько, чтобы предупреждать.",
        "No reply of the week was close enough to a template to warn about.",
    ),
    "empty_to_aggressors": (
        "Ответов агрессорам на неделе не было.",
        "No replies to aggressors this week.",
    ),
    "most_templated": ("Самые шаблонные", "Most templated"),
    "to_aggressors": ("Ответы агрессорам", "Replies to aggressors"),
    "fame_week": ("Доска почёта недели", "This week's hall of fame"),
    "fame": ("Доска почёта", "Hall of fame"),
    "fame_intro": (
        "Лучшие ответы, отмеченные тренерами. Команды награждают их авторов публично.",
        "The best replies, starred by trainers. Teams reward their authors publicly.",
    ),
    "fame_empty": (
        "Пока никто не отмечен. Откройте ответ и нажмите «★ На доску почёта».",
        "Nobody starred yet. Open a reply and press «★ Star».",
    ),
    "by": ("автор: {name}", "by {name}"),
    "templates_title": ("Шаблоны де-факто", "De-facto templates"),
    "templates_intro": (
        "Ответы, которые операторы повторяют почти дословно (не меньше {n} раз "
        "за период). Добавьте удачные в библиотеку — тогда расширение будет "
        "предупреждать, когда их копируют.",
        "Replies operators repeat almost word for word (at least {n} times in the "
        "range). Add good ones to the library so the extension warns when they are "
        "pasted.",
    ),
    "group_count": ("повторов: {n}", "repeats: {n}"),
    "add_to_library": ("Добавить в библиотеку", "Add to the library"),
    "in_library": ("Уже в библиотеке", "Already in the library"),
    "library": ("Библиотека шаблонов", "Template library"),
    "examples": ("Примеры", "Examples"),
    "discover_limited": (
        "Поиск шёл по последним {n} ответам периода.",
        "Searched the latest {n} replies of the range.",
    ),
    "added": ("Шаблон добавлен в библиотеку.", "Template added to the library."),
    "settings_title": ("Настройки команды", "Team settings"),
    "timezone": ("Часовой пояс команды", "Team time zone"),
    "target_minutes": ("Цель по времени ответа, минут", "Response time target, minutes"),
    "threshold": ("Порог шаблонности (0–1)", "Template threshold (0–1)"),
    "threshold_hint": (
        "Ответ считается шаблонным, если оценка черновика не ниже порога.",
        "A reply counts as templated when its draft score is at or over it.",
    ),
    "schedule": ("Рабочие часы", "Working hours"),
    "calendar": ("Рабочий календарь", "Work calendar"),
    "sla_working_hours": (
        "Команда работает по графику",
        "The team works by a schedule",
    ),
    "sla_working_hours_hint": (
        "ожидание в панели и значках расширения — в рабочих часах и по календарю",
        "the extension's panel and badges count waiting time in working hours",
    ),
    "calendar_hint": (
        "Праздники, новогодние каникулы, переносы выходных и сокращённые предпраздничные "
        "дни страны (пакет holidays) — в рабочих часах и на тепловой карте.",
        "The country's public holidays, New Year break, moved days off and shortened "
        "pre-holiday days (the holidays package) count in working hours and the heatmap.",
    ),
    "country": ("Страна", "Country"),
    "no_country": ("— без праздников —", "— no holidays —"),
    "days_off": ("Свои выходные дни", "Own days off"),
    "days_off_hint": ("по дате в строке: 2026-12-30", "one date a line: 2026-12-30"),
    "special_hours": ("Особые часы", "Special hours"),
    "special_hours_hint": (
        "дата и часы в строке: 2026-12-31 09:00-15:00",
        "a date and hours a line: 2026-12-31 09:00-15:00",
    ),
    "schedule_hint": (
        "Пустые поля — выходной. Время ответа «в рабочих часах» считает только эти часы.",
        "Empty fields mean a day off. «Working hours» response times count only these hours.",
    ),
    "saved": ("Сохранено.", "Saved."),
    "starred_ok": ("Ответ на доске почёта.", "Reply starred."),
    "unstarred_ok": ("Ответ убран с доски почёта.", "Reply unstarred."),
    "feedback_ok": ("Отзыв сохранён.", "Feedback saved."),
    "correction_ok": ("Исправление сохранено.", "Correction saved."),
    "bad_input": ("Проверьте поля: {e}", "Check the fields: {e}"),
    "wd_mon": ("Пн", "Mon"),
    "wd_tue": ("Вт", "Tue"),
    "wd_wed": ("Ср", "Wed"),
    "wd_thu": ("Чт", "Thu"),
    "wd_fri": ("Пт", "Fri"),
    "wd_sat": ("Сб", "Sat"),
    "wd_sun": ("Вс", "Sun"),
    "u_s": ("с", "s"),
    "u_min": ("мин", "min"),
    "u_h": ("ч", "h"),
    "u_d": ("д", "d"),
    "dash": ("—", "—"),
    "more_pages": ("Ещё", "More"),
    "lang_switch": ("English", "Русский"),
    "logout": ("Выйти", "Sign out"),
    "all_replies_link": ("Все ответы оператора →", "All the operator's replies →"),
    "filters_in_force": ("Фильтры", "Filters"),
    "page_health": ("Страницы, которые otklik не смог прочитать", "Pages otklik could not read"),
    "page_health_hint": (
        "За 7 дней: сайт поменял разметку? Обновите расширение "
        "или задайте селекторы в его настройках.",
        "Last 7 days: did the site change its markup? Update the extension "
        "or override selectors in its options.",
    ),
    "page_health_comments": ("комментарии", "comments"),
    "page_health_editor": ("поле ответа", "reply box"),
    "page_health_last": ("последний раз", "last"),
    "site_vk": ("ВКонтакте", "VK"),
    "site_facebook": ("Facebook", "Facebook"),
}


def current_lang() -> str:
    """``?lang=`` wins and is remembered; then the session; Russian by default."""
    asked = request.args.get("lang")
    if asked in LANGS:
        session["lang"] = asked
        return asked
    return session.get("lang") if session.get("lang") in LANGS else "ru"


def t(key: str, lang: str | None = None, **kw) -> str:
    lang = lang or current_lang()
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kw) if kw else text


def duration(seconds: float | None, lang: str | None = None) -> str:
    """12 мин · 1 ч 05 мин · 2 д 3 ч; seconds only under a minute."""
    if seconds is None:
        return t("dash", lang)
    s = round(seconds)
    u = {k: t(k, lang) for k in ("u_s", "u_min", "u_h", "u_d")}
    if s < 60:
        return f"{s} {u['u_s']}"
    minutes = s // 60
    if minutes < 60:
        return f"{minutes} {u['u_min']}"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} {u['u_h']} {minutes:02d} {u['u_min']}"
    days, hours = divmod(hours, 24)
    return f"{days} {u['u_d']} {hours} {u['u_h']}"


def decimal(value: float | None, places: int = 2) -> str:
    """1.25 → «1,25» in Russian, "1.25" in English; «—» for None."""
    if value is None:
        return "—"
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if current_lang() == "ru" else text


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def short_date(day: date, lang: str | None = None) -> str:
    return day.strftime("%d.%m") if (lang or current_lang()) == "ru" else day.strftime("%b %d")
