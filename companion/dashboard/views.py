"""The dashboard's pages and the trainers' actions (POST forms carrying the CSRF token)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, available_timezones

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import delete, insert, select
from sqlalchemy import text as sql_text

from ..storage import dashboard as queries
from ..storage import page_health
from ..storage.dialect import insert_ignore
from ..storage.engine import write_transaction
from ..storage.per_request import engine_of, get_db
from ..storage.schema import corrections, replies, stars
from ..storage.schema import feedback as feedback_t
from ..validation import now_utc, possible_times
from . import bp, charts, settings, stats, work_calendar
from . import outcomes as outcome_views
from .i18n import current_lang, decimal, duration, percent, short_date, t

PERSONA_KEYS = stats.PERSONAS
TONE_KEYS = stats.TONES
REPLIES_PER_PAGE = 100
# A page past the last is empty; past this one its offset would overflow the database's integer.
MAX_PAGE = 10**9
DISCOVER_LIMIT = 5000
SECTION_SIZE = 10


@bp.app_template_global("t")
def _t(key: str, **kw) -> str:
    return t(key, **kw)


@bp.app_template_filter("dur")
def _dur(seconds: float | None) -> str:
    return duration(seconds)


@bp.app_template_filter("pct")
def _pct(value: float | None) -> str:
    return percent(value)


@bp.app_template_filter("within_count")
def _within_count(timing: stats.Timing) -> int:
    """How many timed first responses made the target (the share's numerator)."""
    return round((timing.within_target or 0) * timing.timed)


@bp.app_template_filter("within_pct")
def _within_pct(timing: stats.Timing) -> str:
    """A group's within-target share, the one number the card, the operators' table and
    the operator's page show for it (``stats.within_target_percent``)."""
    value = stats.within_target_percent(timing, _conf().target_seconds)
    return "—" if value is None else f"{value} %"


@bp.app_template_filter("within_int")
def _within_int(timing: stats.Timing) -> int:
    return stats.within_target_percent(timing, _conf().target_seconds) or 0


@bp.app_template_filter("decimal")
def _decimal(value: float | None) -> str:
    return decimal(value)


@bp.app_template_filter("whole_percents")
def _whole_percents(values) -> list[int]:
    return stats.whole_percents(list(values))


@bp.app_template_filter("local")
def _local(value: str | None, fmt: str = "%d.%m.%Y %H:%M") -> str:
    if not value:
        return "—"
    return stats.parse_utc(value).astimezone(_tz()).strftime(fmt)


@bp.app_template_filter("cliche_list")
def _cliche_list(raw: str | None) -> list[str]:
    return stats.cliches_of(raw)


def _between(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    value = (stats.parse_utc(b) - stats.parse_utc(a)).total_seconds()
    return value if value >= 0 else None


@bp.app_template_filter("reaction")
def _reaction(row) -> float | None:
    """Seen → started typing: how long the comment waited once on screen."""
    return _between(row["first_seen_at"], row["reply_started_at"])


@bp.app_template_filter("typing")
def _typing(row) -> float | None:
    return _between(row["reply_started_at"], row["reply_sent_at"])


@bp.app_context_processor
def _context() -> dict:
    lang = current_lang()
    return {
        "lang": lang,
        "other_lang": "en" if lang == "ru" else "ru",
        "persona_keys": PERSONA_KEYS,
        "tone_keys": TONE_KEYS,
    }


def _conf() -> settings.DashboardSettings:
    from flask import g

    if "dash_conf" not in g:
        g.dash_conf = settings.load(get_db())
    return g.dash_conf


def _tz() -> ZoneInfo:
    return ZoneInfo(_conf().timezone)


def _today() -> date:
    return datetime.now(UTC).astimezone(_tz()).date()


def _filters() -> queries.Filters:
    return queries.parse_filters(request.args, queries.latest_day(get_db(), _tz()), _today())


def _target_text() -> str:
    return duration(_conf().target_seconds)


# --- overview -------------------------------------------------------------------------



def _activity_charts(ov: stats.Overview) -> dict:
    """«Когда приходят комментарии»: the heatmap and the by-hour chart of arrivals."""
    weekdays = [t("wd_" + d) for d in (*stats.WEEKDAYS, "off")]
    return {
        "heatmap": charts.heatmap(
            ov.heatmap,
            weekdays,
            title=t("activity"),
            desc=t("activity_desc"),
            unit=t("comments_unit"),
        ),
        "by_hour": charts.bar_chart(
            [(f"{h:02d}", v) for h, v in enumerate(ov.by_hour)],
            title=t("by_hour"),
            desc=t("by_hour_desc"),
            fmt=lambda v: f"{v:.0f}",
            width=1100,
            height=180,
        ),
    }


def _now() -> datetime:
    """Now, for how long an unanswered comment has waited (a seam for the tests)."""
    return datetime.now(UTC)


def _unanswered(db, filters: queries.Filters, conf: settings.DashboardSettings) -> dict:
    """«Без ответа в otklik»: the comments that came in during the range with no reply
    stored, and those of them waiting past the target now. The within-target share and
    the median stay over first responses; this is what they cannot see (Zendesk's
    «Active (breached)» first reply time). The wait runs on the response times' clock:
    working hours when the team works by a schedule or the trainer asked for them."""
    schedule = conf.schedule()
    working = filters.working_hours or conf.sla_working_hours
    cutoff = stats.overdue_before(
        _now(), conf.target_seconds, schedule if working else None, possible_times()[0]
    )
    counts = queries.unanswered(db, filters, schedule.tz, cutoff)
    return {"counts": counts, "working": working}


def build_overview(filters: queries.Filters) -> dict:
    """Everything the overview template shows, figures and charts (used by the bench)."""
    db = get_db()
    conf = _conf()
    schedule = conf.schedule()
    replies = queries.fetch_replies(db, filters, schedule.tz)
    ov = stats.overview(
        replies,
        schedule,
        target=conf.target_seconds,
        threshold=conf.template_threshold,
        working_hours=filters.working_hours,
        arrivals=queries.fetch_arrivals(db, filters, schedule.tz),
    )
    target = conf.target_seconds
    tt = _target_text()
    result: dict = {"ov": ov, "charts": {}, "unanswered": _unanswered(db, filters, conf)}
    if not replies:
        # Comments came in and none was answered in the range: when they came is what the
        # lead needs most then (the arrivals count the unanswered too).
        if any(ov.by_hour):
            result["charts"].update(_activity_charts(ov))
        return result
    # Every day of the range, so days without replies show as gaps, not as nothing.
    known = dict(ov.by_day)
    days = [
        filters.start + timedelta(days=i) for i in range((filters.end - filters.start).days + 1)
    ]
    c = result["charts"]
    c["by_day"] = charts.line_chart(
        [short_date(day) for day in days],
        [
            # p90 first: the median, drawn later, stays on top where the two lines meet
            # (a day with one reply has median == p90).
            ("p90", "s-p90", [known[d].p90 if d in known else None for d in days]),
            (t("median"), "s-median", [known[d].median if d in known else None for d in days]),
        ],
        title=t("by_day"),
        desc=t("by_day_desc", t=tt),
        fmt=duration,
        target=target,
        target_label=t("target", t=tt),
    )
    c["buckets"] = charts.bar_chart(
        [(t("b_" + name), ov.total.buckets[name]) for name, _ in stats.BUCKETS],
        title=t("buckets"),
        desc=t("buckets_desc"),
        fmt=lambda v: f"{v:.0f}",
        css=[f"bar b-{name}" for name, _ in stats.BUCKETS],
        height=220,
    )
    timed_ops = [(n, tm) for n, tm, _ in ov.by_operator if tm.median is not None]
    c["operators"] = charts.hbar_chart(
        [(n, tm.median, duration(tm.median)) for n, tm in timed_ops[:25]],
        title=t("by_operator"),
        desc=t("by_operator_desc"),
        target=target,
        target_label=t("target", t=tt),
    )
    c.update(_activity_charts(ov))
    c["tone"] = charts.stacked_shares(
        [(short_date(d), shares) for d, shares, _ in ov.tone_by_period],
        [(k, t("tone_" + k), "tone-" + k) for k in ("negative", "neutral", "positive")],
        title=t("tone_over_time"),
        desc=t("tone_desc", p=t("per_" + ov.period)),
        width=1100,
        notes=[f"({t('of_n', n=n)})" for _, _, n in ov.tone_by_period],
    )
    persona_pct = stats.whole_percents([n for _, n in ov.personas])
    c["personas"] = charts.hbar_chart(
        [
            (t("p_" + k), n, f"{n} · {p}%")
            for (k, n), p in zip(ov.personas, persona_pct, strict=True)
        ],
        title=t("personas"),
        desc=t("personas_desc"),
        css="bar persona",
    )
    library = queries.library_templates(db)
    result["top_templates"] = [(tid, library.get(tid), n) for tid, n in ov.top_templates]
    return result


@bp.get("/")
def overview():
    filters = _filters()
    db = get_db()
    data = build_overview(filters)
    return render_template(
        "dashboard/overview.html",
        filters=filters,
        operators=queries.operators(db),
        conf=_conf(),
        target_text=_target_text(),
        has_any=db.execute(select(replies.c.id).limit(1)).first() is not None,
        ranges=_quick_ranges(filters),
        outcomes=outcome_views.summary(db, filters, _tz()),
        page_health=page_health.recent(db),
        **data,
    )


def _quick_ranges(filters: queries.Filters) -> list[tuple[int, dict]]:
    return [(n, filters.args(start=filters.end - timedelta(days=n - 1))) for n in (7, 30, 90)]


# --- operator -------------------------------------------------------------------------


@bp.get("/operators/<path:name>")
def operator(name: str):
    db = get_db()
    if db.execute(select(replies.c.id).where(replies.c.operator == name).limit(1)).first() is None:
        abort(404)
    filters = _filters()
    conf = _conf()
    schedule = conf.schedule()
    mine_filters = queries.Filters(
        filters.start, filters.end, filters.platform, name, filters.working_hours
    )
    team_filters = queries.Filters(
        filters.start, filters.end, filters.platform, None, filters.working_hours
    )
    mine = queries.fetch_replies(db, mine_filters, schedule.tz)
    team = queries.fetch_replies(db, team_filters, schedule.tz)
    kw = {
        "target": conf.target_seconds,
        "threshold": conf.template_threshold,
        "working_hours": filters.working_hours,
    }
    my_ov = stats.overview(mine, schedule, **kw)
    team_ov = stats.overview(team, schedule, **kw)
    my_trend = dict(stats.weekly_trend(mine, schedule, working_hours=filters.working_hours))
    team_trend = dict(stats.weekly_trend(team, schedule, working_hours=filters.working_hours))
    weeks = sorted(set(my_trend) | set(team_trend))
    trend_chart = None
    if weeks:
        trend_chart = charts.line_chart(
            [short_date(w) for w in weeks],
            [
                # The team first, so the operator's line is drawn on top of it.
                (t("team"), "s-team", [team_trend.get(w) for w in weeks]),
                (name, "s-median", [my_trend.get(w) for w in weeks]),
            ],
            title=t("trend"),
            desc=t("trend_desc"),
            fmt=duration,
            target=conf.target_seconds,
            target_label=t("target", t=_target_text()),
        )
    page = min(max(0, request.args.get("page", 0, type=int)), MAX_PAGE)
    rows = queries.list_replies(
        db, mine_filters, schedule.tz, limit=REPLIES_PER_PAGE + 1, offset=page * REPLIES_PER_PAGE
    )
    return render_template(
        "dashboard/operator.html",
        name=name,
        filters=filters,
        conf=conf,
        target_text=_target_text(),
        mine=my_ov,
        team=team_ov,
        trend_chart=trend_chart,
        rows=rows[:REPLIES_PER_PAGE],
        more=len(rows) > REPLIES_PER_PAGE,
        page=page,
        feedback=queries.feedback_to(db, name),
        operators=queries.operators(db),
        schedule=schedule,
        outcomes=outcome_views.summary(db, mine_filters, schedule.tz),
        missed=outcome_views.missed_items(db, mine_filters, schedule.tz),
    )


# --- one reply and the trainers' actions -----------------------------------------------

# Reply ids are the database's 64-bit integers: a larger one in a URL is no reply (404),
# not an overflow in the driver.
REPLY_ID = f"int(max={2**63 - 1})"


@bp.get(f"/replies/<{REPLY_ID}:reply_id>")
def reply(reply_id: int):
    db = get_db()
    row = queries.reply(db, reply_id)
    if row is None:
        abort(404)
    schedule = _conf().schedule()
    work = (
        schedule.work_seconds(row["comment_posted_at"], row["reply_sent_at"])
        if row["comment_posted_at"]
        else None
    )
    return render_template(
        "dashboard/reply.html",
        r=row,
        work_seconds=work,
        feedback=queries.feedback_for(db, reply_id),
        corrections=queries.corrections_for(db, row["platform"], row["comment_id"]),
        trainer=session.get("trainer", ""),
        conf=_conf(),
        target_text=_target_text(),
        coach=outcome_views.for_reply(db, row, current_app.config["DATA_DIR"]),
    )


def _back(reply_id: int):
    # Return where the trainer pressed the button (same-site paths only).
    nxt = request.form.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(url_for("dashboard.reply", reply_id=reply_id))


def _existing(reply_id: int):
    row = get_db().execute(
        select(replies.c.id, replies.c.platform, replies.c.comment_id)
        .where(replies.c.id == reply_id)
    ).mappings().first()
    if row is None:
        abort(404)
    return row


def _trainer() -> str | None:
    name = (request.form.get("author") or "").strip()[:100]
    if name:
        session["trainer"] = name
    return name or session.get("trainer") or None


@bp.post(f"/replies/<{REPLY_ID}:reply_id>/star")
def star(reply_id: int):
    _existing(reply_id)
    db = get_db()
    with write_transaction(db):
        insert_ignore(db, stars, {"reply_id": reply_id, "starred_by": _trainer(),
                                  "created_at": now_utc()}, ("reply_id",))
    flash(t("starred_ok"))
    return _back(reply_id)


@bp.post(f"/replies/<{REPLY_ID}:reply_id>/unstar")
def unstar(reply_id: int):
    _existing(reply_id)
    db = get_db()
    with write_transaction(db):
        db.execute(delete(stars).where(stars.c.reply_id == reply_id))
    flash(t("unstarred_ok"))
    return _back(reply_id)


@bp.post(f"/replies/<{REPLY_ID}:reply_id>/feedback")
def feedback(reply_id: int):
    _existing(reply_id)
    text = (request.form.get("text") or "").strip()
    if not text or len(text) > 5000:
        flash(t("bad_input", e=t("feedback")), "error")
        return _back(reply_id)
    db = get_db()
    with write_transaction(db):
        db.execute(insert(feedback_t).values(reply_id=reply_id, author=_trainer(), text=text,
                                             created_at=now_utc()))
    flash(t("feedback_ok"))
    return _back(reply_id)


@bp.post(f"/replies/<{REPLY_ID}:reply_id>/correct")
def correct(reply_id: int):
    row = _existing(reply_id)
    db = get_db()
    changes = []
    for fld, allowed in (("tone", TONE_KEYS), ("persona", PERSONA_KEYS)):
        value = request.form.get(fld) or ""
        if not value:
            continue
        if value not in allowed:
            flash(t("bad_input", e=t(fld)), "error")
            return _back(reply_id)
        changes.append((fld, value))
    comment = db.execute(
        sql_text("SELECT text, tone, persona FROM comments "
             "WHERE platform = :platform AND comment_id = :comment_id"),
        {"platform": row["platform"], "comment_id": row["comment_id"]},
    ).mappings().first()
    current = {
        "tone": queries.reply(db, reply_id)["tone_corrected"] or (comment and comment["tone"]),
        "persona": queries.reply(db, reply_id)["persona_corrected"]
        or (comment and comment["persona"]),
    }
    author = _trainer()
    with write_transaction(db):
        for fld, value in changes:
            if current[fld] == value:
                continue  # nothing new for the model to learn
            db.execute(insert(corrections).values(
                platform=row["platform"],
                comment_id=row["comment_id"],
                field=fld,
                value=value,
                text=comment["text"] if comment else None,
                author=author,
                created_at=now_utc(),
            ))
    flash(t("correction_ok"))
    return _back(reply_id)


# --- weekly review and hall of fame --------------------------------------------------


@bp.get("/review")
def review():
    db = get_db()
    conf = _conf()
    tz = _tz()
    asked = queries._date(request.args.get("week"))
    anchor = asked or queries.latest_day(db, tz) or _today()
    monday = anchor - timedelta(days=anchor.weekday())
    week = queries.Filters(
        monday,
        monday + timedelta(days=6),
        request.args.get("platform") if request.args.get("platform") in queries.PLATFORMS else None,
    )
    lo, hi = queries.utc_bounds(week.start, week.end, tz)
    sections = {
        # Only first responses beyond the target: a week where every comment was
        # answered in time has no slowest replies to discuss (an empty state).
        "slowest": queries.list_replies(
            db,
            week,
            tz,
            order="r.response_seconds DESC",
            extra=f"r.first_response = 1 AND r.response_seconds > {float(conf.target_seconds)!r}",
            limit=SECTION_SIZE,
        ),
        # Only drafts the model warned about at sending (level warn or high).
        "most_templated": queries.list_replies(
            db,
            week,
            tz,
            order="r.draft_score DESC",
            extra="r.draft_level IN ('warn', 'high')",
            limit=SECTION_SIZE,
        ),
        "to_aggressors": queries.list_replies(
            db,
            week,
            tz,
            order="r.response_seconds DESC",
            extra="(r.persona = 'aggressor' OR EXISTS (SELECT 1 FROM corrections k WHERE "
            "k.platform = r.platform AND k.comment_id = r.comment_id AND "
            "k.field = 'persona' AND k.value = 'aggressor'))",
            limit=SECTION_SIZE * 2,
        ),
    }
    return render_template(
        "dashboard/review.html",
        monday=monday,
        prev_week=(monday - timedelta(days=7)).isoformat(),
        next_week=(monday + timedelta(days=7)).isoformat(),
        sections=sections,
        fame=queries.starred(db, lo, hi),
        conf=conf,
        target_text=_target_text(),
        week=week,
        anger_to_thanks=outcome_views.anger_to_thanks(db, week, tz),
    )


@bp.get("/fame")
def fame():
    rows = queries.starred(get_db())
    by_week: dict[date, list] = {}
    tz = _tz()
    for row in rows:
        day = stats.parse_utc(row["reply_sent_at"]).astimezone(tz).date()
        by_week.setdefault(day - timedelta(days=day.weekday()), []).append(row)
    return render_template(
        "dashboard/fame.html",
        weeks=sorted(by_week.items(), reverse=True),
        conf=_conf(),
        target_text=_target_text(),
    )


# --- de-facto templates ---------------------------------------------------------------


def _discover(texts: list[tuple[str, str]], min_count: int) -> list[dict]:
    from model.similarity import discover

    return discover(texts, min_count=min_count)


def _normal(text: str) -> str:
    """Two texts that read the same («Вы» and «вы», a Latin «о», a soft hyphen) are one."""
    from model.normalize import text_key

    return text_key(text)


@bp.get("/templates")
def templates():
    db = get_db()
    filters = _filters()
    tz = _tz()
    min_count = max(2, request.args.get("min", 3, type=int))
    texts = queries.reply_texts(db, filters, tz)
    limited = len(texts) > DISCOVER_LIMIT
    texts = texts[-DISCOVER_LIMIT:]
    groups = _discover(texts, min_count)[:50]
    library = queries.library_templates(db)
    known = {_normal(text) for text in library.values()}
    by_id = dict(texts)
    for group in groups:
        group["in_library"] = _normal(group["text"]) in known
        group["examples"] = [by_id[m] for m in group["members"][:3] if m in by_id]
    usage = template_usage(db, filters, tz, _conf().template_threshold)
    lib_rows = sorted(library.items(), key=lambda kv: (-usage.get(kv[0], 0), kv[0]))
    return render_template(
        "dashboard/templates.html",
        groups=groups,
        limited=limited,
        limit=DISCOVER_LIMIT,
        min_count=min_count,
        filters=filters,
        library=[(tid, text, usage.get(tid, 0)) for tid, text in lib_rows],
        conf=_conf(),
        target_text=_target_text(),
        operators=queries.operators(db),
    )


def template_usage(db, filters: queries.Filters, tz: ZoneInfo, threshold: float) -> dict:
    """How often each library template was the nearest match of a draft scored at or over
    the threshold, in the filters' range: the overview's «most used templates» count."""
    sql, params = queries.where(filters, tz)
    return dict(
        db.execute(
            sql_text(f"SELECT draft_nearest_id, COUNT(*) FROM replies WHERE {sql} "
                 "AND draft_nearest_id IS NOT NULL AND draft_score >= :threshold "
                 "GROUP BY draft_nearest_id"),
            {**params, "threshold": threshold},
        ).all()
    )


def add_template(db, text: str) -> str:
    """Put a discovered template into the library (and the draft index); returns its id."""
    from ..storage import templates as templates_store

    return templates_store.add_template(db, text, source="discovered")["id"]


@bp.post("/templates/add")
def templates_add():
    text = (request.form.get("text") or "").strip()
    if not text or len(text) > 20_000:
        abort(400)
    db = get_db()
    known = {_normal(v) for v in queries.library_templates(db).values()}
    if _normal(text) not in known:
        add_template(db, text)
    flash(t("added"))
    nxt = request.form.get("next", "")
    return redirect(
        nxt if nxt.startswith("/") and not nxt.startswith("//") else url_for("dashboard.templates")
    )


# --- settings -------------------------------------------------------------------------

_HHMM = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")


@bp.route("/settings", methods=["GET", "POST"])
def settings_page():
    db = get_db()
    conf = _conf()
    errors: list[str] = []
    if request.method == "POST":
        form = request.form
        tz = form.get("timezone", "").strip()
        if tz not in available_timezones():
            errors.append(t("timezone"))
        try:
            target = float(form.get("target_minutes", ""))
            if not 1 <= target <= 7 * 24 * 60:
                raise ValueError
        except ValueError:
            errors.append(t("target_minutes"))
        try:
            threshold = float(form.get("template_threshold", "").replace(",", "."))
            if not 0 < threshold <= 1:
                raise ValueError
        except ValueError:
            errors.append(t("threshold"))
        days: dict[str, list[list[str]]] = {}
        for d in stats.WEEKDAYS:
            start, end = form.get(f"{d}_start", "").strip(), form.get(f"{d}_end", "").strip()
            if not start and not end:
                days[d] = []
            elif _HHMM.match(start) and _HHMM.match(end) and start.zfill(5) < end.zfill(5):
                days[d] = [[start.zfill(5), end.zfill(5)]]
            else:
                errors.append(f"{t('schedule')} · {t('wd_' + d)}")
        country = form.get("country", "").strip().upper()
        if country and country not in work_calendar.supported_countries():
            errors.append(t("country"))
        try:
            days_off = settings.days_off_from_text(form.get("days_off", ""))
        except ValueError as e:
            errors.append(f"{t('days_off')} · {e}")
        try:
            special = settings.special_hours_from_text(form.get("special_hours", ""))
        except ValueError as e:
            errors.append(f"{t('special_hours')} · {e}")
        if errors:
            flash(t("bad_input", e=", ".join(errors)), "error")
        else:
            settings.save(
                db,
                {
                    "timezone": tz,
                    "target_minutes": f"{target:g}",
                    "template_threshold": f"{threshold:g}",
                    "schedule": json.dumps(days),
                    "country": country,
                    "days_off": json.dumps(days_off),
                    "special_hours": json.dumps(special),
                    "sla_working_hours": "1" if form.get("sla_working_hours") else "0",
                },
            )
            flash(t("saved"))
            return redirect(url_for("dashboard.settings_page"))
    schedule = json.loads(conf.schedule().to_json())
    return render_template(
        "dashboard/settings.html",
        conf=conf,
        schedule=schedule,
        weekdays=stats.WEEKDAYS,
        countries=work_calendar.supported_countries(),
        days_off_text=settings.days_off_text(conf.days_off_json),
        special_hours_text=settings.special_hours_text(conf.special_hours_json),
        timezones=sorted(
            z
            for z in available_timezones()
            if "/" in z and z.split("/")[0] in ("Europe", "Asia", "America", "Africa", "Australia")
        ),
        target_text=_target_text(),
    )


# --- CSV export -----------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "platform",
    "operator",
    "comment_id",
    "permalink",
    "comment_posted_at",
    "first_seen_at",
    "reply_started_at",
    "reply_sent_at",
    "response_seconds",
    "response_work_seconds",
    "within_target",
    "first_response",
    "since_previous_seconds",
    "draft_score",
    "draft_level",
    "templated",
    "draft_nearest_id",
    "cliches",
    "tone",
    "persona",
    "gratitude",
    "tone_corrected",
    "persona_corrected",
    "starred",
    "comment_text",
    "reply_text",
)


def export_rows(db, filters: queries.Filters, conf: settings.DashboardSettings):
    """The CSV's rows (header first) for the filters in force."""
    schedule = conf.schedule()
    yield CSV_COLUMNS
    rows = queries.list_replies(db, filters, schedule.tz, order="r.reply_sent_at", limit=None)
    for r in rows:
        work = (
            schedule.work_seconds(r["comment_posted_at"], r["reply_sent_at"])
            if r["comment_posted_at"] and r["response_seconds"] is not None
            else None
        )
        shown = work if filters.working_hours else r["response_seconds"]
        yield (
            r["id"],
            r["platform"],
            r["operator"],
            r["comment_id"],
            r["permalink"] or "",
            r["comment_posted_at"] or "",
            r["first_seen_at"] or "",
            r["reply_started_at"] or "",
            r["reply_sent_at"],
            plain_number(r["response_seconds"]),
            plain_number(work),
            "" if shown is None else int(shown <= conf.target_seconds),
            r["first_response"],
            plain_number(r["since_previous_seconds"]),
            plain_number(r["draft_score"]),
            r["draft_level"] or "",
            "" if r["draft_score"] is None else int(r["draft_score"] >= conf.template_threshold),
            r["draft_nearest_id"] or "",
            "; ".join(_cliche_list(r["draft_cliches"])),
            r["tone"] or "",
            r["persona"] or "",
            "" if r["gratitude"] is None else int(r["gratitude"]),
            r["tone_corrected"] or "",
            r["persona_corrected"] or "",
            int(r["starred_at"] is not None),
            r["comment_text"] or "",
            r["text"],
        )


def plain_number(value: float | int | None) -> str:
    """A number as plain decimal at full precision, never an exponent: 1234567.891,
    0.00001, 1200 (a whole float loses its ``.0``); empty for None."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


# Cells a person or a web page typed: a leading = + - @ (or tab, CR) would make Excel
# run them as a formula, so they get an apostrophe. Ids, times and numbers are left as
# they are (a VK comment id such as -12345_678_910 stays) unless they are not id-shaped.
FREE_TEXT = {"operator", "permalink", "cliches", "comment_text", "reply_text"}
IDS = {"comment_id", "draft_nearest_id"}
_ID_SHAPED = re.compile(r"^[-\w.:]*$")


def _csv_safe(value, column: str):
    if not isinstance(value, str) or value[:1] not in ("=", "+", "-", "@", "\t", "\r"):
        return value
    if column in FREE_TEXT or (column in IDS and not _ID_SHAPED.match(value)):
        return "'" + value
    return value


def _csv_chunks(rows, every: int = 1000):
    """UTF-8 CSV (BOM first, for Excel and Cyrillic) of ``rows``, ``every`` rows a chunk;
    the first row names the columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    buffer.write("\ufeff")
    columns: tuple = ()
    for n, row in enumerate(rows, 1):
        if n == 1:
            columns = tuple(row)
            writer.writerow(row)
        else:
            writer.writerow([_csv_safe(v, c) for v, c in zip(row, columns, strict=True)])
        if n % every == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


@bp.get("/export.csv")
def export():
    filters = _filters()
    conf = _conf()
    engine = engine_of()

    def chunks():
        # Written and sent 1,000 rows at a time: a year of replies is tens of megabytes,
        # which need not sit in memory as one string (and then once more as bytes).
        # Its own connection: the request's is closed once the view has returned.
        with engine.connect() as db:
            yield from _csv_chunks(export_rows(db, filters, conf))

    # The query runs before the first chunk is out: a store fault or a value the store
    # refuses is then an answer (503, 400), not a download cut off after its headers.
    rows = chunks()
    first = next(rows)

    def body():
        yield first
        yield from rows

    name = f"otklik-replies-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    return Response(
        body(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
