"""The reply coach: does a draft do what the playbook asks for this comment?

``review(draft, comment)`` returns a short checklist, each item met or not met with a
one-line reason (Russian or English), drawn from the playbook's tone-of-voice rules and
the five personas (the team's playbook, ``../shared/playbook.md`` beside a checkout; docs/coach.md):

==================  ==================================================================
item                met when
==================  ==================================================================
``addresses``       the author's name is in the draft, or a name / greeting opens it
                    and the draft speaks to them («вы», «ваш»)
``acknowledges``    (negative comment) a cue that the problem is seen: «понимаем»,
                    «вы правы», «так быть не должно»…
``apologises``      (negative comment) «простите», «извините», «наша ошибка»…
``next_step``       (negative comment) a time («сегодня», «до 18:00», «в течение 2
                    часов») or a concrete action («проверим», «пришлите номер договора»)
``persona_fit``     what the comment's persona needs (unsure: reassurance and steps;
                    expert: expertise acknowledged and technical detail; positive:
                    warmth and emotion; talker: the details they noticed; aggressor:
                    no jokes, emoji or smileys)
``no_cliches``      no канцелярит (``model.cliches``, the same list as the warning)
``no_template``     the template warning's level is ``ok`` (``model.similarity``)
``length``          the draft's words are in proportion to the comment's
``tone_fit``        the tone model (``model.tone``) does not read the draft as cheerful
                    to a negative comment, nor as harsh to any comment
==================  ==================================================================

Titles, reasons and cue phrases come from ``model/data/coach.json``, which a trainer
overrides in ``<data dir>/coach.json`` (same shape, only what changes). Cues are matched
on lemmas by the cliché matcher (``model.cliches.find_phrases``).

An item is hidden when its measured precision on the written evaluation set is under
``MIN_PRECISION`` (``model/data/coach_quality.json``, written by
``scripts/evaluate_coach.py --write``), or when the guidance says ``"show": false``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from model.cliches import compile_phrases, find_cliches, find_phrases
from model.draft_text import tokenize
from model.guidance_files import read_json, version
from model.normalize import normalize

__all__ = [
    "CHECKS",
    "GUIDANCE_PATH",
    "MIN_PRECISION",
    "QUALITY_PATH",
    "load_guidance",
    "load_quality",
    "review",
]

GUIDANCE_PATH = Path(__file__).resolve().parent / "data" / "coach.json"
QUALITY_PATH = Path(__file__).resolve().parent / "data" / "coach_quality.json"
CHECKS = (
    "addresses", "acknowledges", "apologises", "next_step", "persona_fit",
    "no_cliches", "no_template", "length", "tone_fit",
)
NEGATIVE_ONLY = ("acknowledges", "apologises", "next_step")
PERSONAS = ("unsure", "talker", "positive", "aggressor", "expert")
WHAT = "coach guidance"  # how errors name the file
MIN_PRECISION = 0.8  # "a check that is wrong more than one time in five is not shown"
LANGS = ("ru", "en")

_NAME_TAGS = {"Name", "Surn", "Patr"}
_EMOJI_MARKER = re.compile(r"\bxx(?:pos|emoji)\b")  # model.normalize's markers
_POS_MARKER = re.compile(r"\bxxpos\b")
_WORDS_AROUND_NAME = 3  # a name counts as an address among the first words of the draft


# --- guidance ---------------------------------------------------------------------------
def _read(path: Path) -> dict:
    data = read_json(path, WHAT)
    if not isinstance(data, dict) or not isinstance(data.get("checks"), dict):
        raise ValueError(f"coach guidance {path}: checks must be an object keyed by item")
    for name in data["checks"]:
        if name not in CHECKS:
            raise ValueError(
                f"coach guidance {path}: checks.{name} is not an item "
                f"(expected one of {', '.join(CHECKS)})"
            )
    return data


def _merge(base: Any, over: Any) -> Any:
    """``over`` on top of ``base``: objects merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = _merge(base.get(key), value)
        return out
    return over


@lru_cache(maxsize=8)
def _guidance_cached(path: str | None, mtime: float | None) -> dict:
    data = _read(GUIDANCE_PATH)
    if path is not None:
        data = _merge(data, _read(Path(path)))
    return data


def load_guidance(path: Path | None = None) -> dict:
    """The shipped coach guidance, with a trainer's file (if given) merged on top.

    Re-read when the file changes (keyed by its modification time). ``ValueError``
    naming the file and the key when it is malformed.
    """
    if path is None:
        return _guidance_cached(None, None)
    return _guidance_cached(*version(path, WHAT))


@lru_cache(maxsize=1)
def load_quality() -> dict:
    """Precision/recall per item key from the evaluation (``{}`` when not measured)."""
    try:
        return json.loads(QUALITY_PATH.read_text(encoding="utf-8")).get("items", {})
    except FileNotFoundError:
        return {}


def _shown(key: str, spec: dict) -> bool:
    if spec.get("show") is False:
        return False
    measured = load_quality().get(key)
    return measured is None or bool(measured.get("shown", True))


def _text(spec: dict, field: str, lang: str, **values: Any) -> str:
    by_lang = spec.get(field) or {}
    template = by_lang.get(lang) or by_lang.get("ru") or ""
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template  # a trainer's wording without the placeholder still reads fine


def _cues(spec: dict, field: str) -> tuple:
    return compile_phrases(tuple(spec.get(field) or ()))


def _first(text: str, spec: dict, field: str) -> str | None:
    """The first cue of ``spec[field]`` found in ``text`` (as written there), or None."""
    for hit in find_phrases(text, _cues(spec, field)):
        return text[hit["start"]:hit["end"]]
    return None


def _same_mood(text: str, hit: dict) -> bool:
    """Is a cue found (``find_phrases``' hit) in its own mood? «проверим» (what the brand
    will do) is not found in «проверьте» (work handed back to the customer), while the
    cue «пришлите» (asking for what moves the case on) still is."""
    return _mood(text[hit["start"]:].split(None, 1)[0]) == _mood(hit["phrase"].split(None, 1)[0])


@lru_cache(maxsize=4096)
def _mood(word: str) -> str:
    """``impr`` / ``infn`` / ``other`` of a word's most probable parse."""
    from model.lemmas import analyzer

    tag = analyzer().parse(word.strip(".,!?:;—-«»").lower())[0].tag
    if tag.POS == "INFN":
        return "infn"
    return "impr" if "impr" in tag else "other"


# --- the facts every check reads ----------------------------------------------------
class _Draft:
    """A draft read once: tokens, normalised text, markers."""

    def __init__(self, text: str, tone: dict | None = None) -> None:
        self.text = text
        self._tone = tone
        self.tokens = tokenize(text)
        self.norm = normalize(text)
        self.emoji = len(_EMOJI_MARKER.findall(self.norm))
        self.smiles = len(_POS_MARKER.findall(self.norm))
        self.laugh = "xxlaugh" in self.norm
        self.shouting = "xxexcl" in self.norm or "xxcaps" in self.norm

    def tone(self) -> dict:
        """The tone model's result for the draft, computed when a check first asks
        (half the coach's time; most drafts to angry customers never need it)."""
        if self._tone is None:
            from model import tone as tone_model

            self._tone = tone_model.predict([self.text])[0]
        return self._tone


def _content_lemmas(text: str) -> set[str]:
    return {
        t.lemma for t in tokenize(text) if not t.function and not t.dropped and len(t.lemma) > 3
    }


# --- the checks --------------------------------------------------------------------
def _addresses(d: _Draft, comment: dict, spec: dict, lang: str) -> tuple[bool, str]:
    author = (comment.get("author_name") or "").strip()
    if author:
        first = tokenize(author)
        if first and any(t.lemma == first[0].lemma for t in d.tokens):
            return True, _text(spec, "met_name", lang)
    opening = d.tokens[:_WORDS_AROUND_NAME]
    second = set(spec.get("second_person") or ())
    you = any(t.lemma in second for t in d.tokens)
    named = any(t.dropped and t.text[:1].isupper() and _is_name(t.text) for t in opening)
    if named:
        return True, _text(spec, "met_name", lang)
    greeted = any(t.dropped for t in opening)
    if greeted and you:
        return True, _text(spec, "met_greeting", lang)
    return False, _text(spec, "not_met", lang)


@lru_cache(maxsize=4096)
def _is_name(word: str) -> bool:
    from model.lemmas import analyzer

    return any(_NAME_TAGS & p.tag.grammemes for p in analyzer().parse(word.lower())[:3])


def _cue_check(d: _Draft, spec: dict, lang: str) -> tuple[bool, str]:
    cue = _first(d.text, spec, "cues")
    if cue is not None:
        return True, _text(spec, "met", lang, cue=cue)
    return False, _text(spec, "not_met", lang)


# A time that names none: «свяжутся с вами в ближайшее время» is the classic «отписка».
_VAGUE_TIME = re.compile(
    r"в ближайшее время|в кратчайшие сроки|как можно (?:скорее|быстрее)|по мере возможност\w*|"
    r"как только (?:появится|будет|станет)", re.IGNORECASE)


def _next_step(d: _Draft, spec: dict, lang: str) -> tuple[bool, str]:
    """A concrete action of the brand's (a cue in its own mood: ``_same_mood``) or a time
    (a cue or ``time_patterns``), where a case handed on («передали специалистам»,
    «свяжемся») counts only with a time: «передали вашу заявку, с вами свяжутся в
    ближайшее время» tells the customer nothing about what happens next."""
    handover = {h.lower() for h in spec.get("handover") or ()}
    vague = [(m.start(), m.end()) for m in _VAGUE_TIME.finditer(d.text)]
    passed = None
    for hit in find_phrases(d.text, _cues(spec, "cues")):
        if not _same_mood(d.text, hit):
            continue
        if any(start <= hit["start"] < end for start, end in vague):
            continue  # «в ближайшее» of «в ближайшее время»
        cue = d.text[hit["start"]:hit["end"]]
        if hit["phrase"].lower() in handover:
            passed = passed or cue
            continue
        return True, _text(spec, "met", lang, cue=cue)
    for pattern in spec.get("time_patterns") or ():
        m = re.search(pattern, d.text, re.IGNORECASE)
        if m:
            return True, _text(spec, "met", lang, cue=m.group(0))
    if passed is not None and spec.get("vague"):
        return False, _text(spec, "vague", lang, cue=passed)
    return False, _text(spec, "not_met", lang)


_INTENSIFIERS = frozenset({"так", "очень", "настолько", "столь", "столько", "такой"})


def _acknowledges(d: _Draft, spec: dict, apology: dict, lang: str) -> tuple[bool, str]:
    """A cue that the problem is seen, or an apology for a named thing («простите за
    обрывы», «извините, что пришлось ждать»): the playbook's "apologise for the specific
    thing" names the problem. «Простите за неудобства» names nothing (``vague``)."""
    met, reason = _cue_check(d, spec, lang)
    if met:
        return met, reason
    vague = set(compile_lemmas(tuple(spec.get("vague") or ())))
    for hit in find_phrases(d.text, _cues(apology, "cues")):
        after = [t for t in d.tokens if t.start >= hit["end"]][:4]
        after = [t for t in after if t.lemma not in ("мы", "я", "пожалуйста")]
        if len(after) < 2 or after[0].lemma not in ("за", "что"):
            continue
        # «простите, что так долго…»: an intensifier before the named thing.
        named = after[2] if after[1].lemma in _INTENSIFIERS and len(after) > 2 else after[1]
        if not named.function and named.lemma not in vague:
            cue = d.text[hit["start"]:named.end]
            return True, _text(spec, "met", lang, cue=cue)
    return False, _text(spec, "not_met", lang)


def compile_lemmas(words: tuple[str, ...]) -> tuple[str, ...]:
    """Lemmas of single words, as the draft's tokens carry them."""
    return tuple(c.lemmas[0] for c in compile_phrases(words))


def _persona_fit(
    d: _Draft, comment: dict, persona: str, spec: dict, lang: str
) -> tuple[bool, str]:
    if persona == "unsure":
        if _first(d.text, spec, "reassure") is None:
            return False, _text(spec, "not_met_reassure", lang)
        if _first(d.text, spec, "steps") is None and not re.search(r"(?m)^\s*\d[.)]", d.text):
            return False, _text(spec, "not_met_steps", lang)
        return True, _text(spec, "met", lang)
    if persona == "expert":
        if _first(d.text, spec, "basics") is not None:
            return False, _text(spec, "not_met_basics", lang)
        if _first(d.text, spec, "acknowledge") is None:
            return False, _text(spec, "not_met_acknowledge", lang)
        if not _technical(d.text):
            return False, _text(spec, "not_met_detail", lang)
        return True, _text(spec, "met", lang)
    if persona == "positive":
        warm = _first(d.text, spec, "warmth") is not None or d.tone()["label"] == "positive"
        if not warm:
            return False, _text(spec, "not_met_warmth", lang)
        if not (d.emoji or "!" in d.text):
            return False, _text(spec, "not_met_emotion", lang)
        return True, _text(spec, "met", lang)
    if persona == "talker":
        if _first(d.text, spec, "attention") is not None:
            return True, _text(spec, "met", lang)
        shared = _content_lemmas(d.text) & _content_lemmas(comment.get("text") or "")
        if len(shared) >= int(spec.get("overlap_min", 2)):
            return True, _text(spec, "met", lang)
        return False, _text(spec, "not_met", lang)
    # aggressor
    what = []
    if d.emoji:
        what.append("эмодзи" if lang == "ru" else "emoji")
    joke = _first(d.text, spec, "jokes")
    if d.laugh or joke:
        what.append(f"«{joke}»" if joke else ("смех" if lang == "ru" else "laughter"))
    if d.shouting:
        what.append("«!!»")
    if what:
        return False, _text(spec, "not_met", lang, what=", ".join(what))
    return True, _text(spec, "met", lang)


def _technical(text: str) -> bool:
    """Technical detail: the persona model's technical vocabulary (a strong term, or two
    everyday ones). Its "diagnostics done" verbs are left out: «проверим» in a reply is
    a promise, not detail."""
    from model.persona_features import text_cues

    cues = text_cues(text)
    return bool(cues.tech_strong) or len(cues.tech_weak) >= 2


def _length(d: _Draft, comment: dict, tone: str | None, spec: dict, lang: str) -> tuple[bool, str]:
    """Words of the draft against the comment's: at least a share of them (a larger
    share for a complaint, which needs substance, than for praise), at most a base plus
    a multiple of them."""
    words = len(d.tokens)
    comment_words = len(tokenize(comment.get("text") or ""))
    ratios = spec.get("min_share_by_tone") or {}
    low = max(int(spec.get("min_words", 3)),
              round(comment_words * float(ratios.get(tone or "neutral", 0.25))))
    high = (int(spec.get("max_words_base", 30))
            + int(spec.get("max_words_per_comment_word", 3)) * comment_words)
    if words < low:
        return False, _text(spec, "too_short", lang, words=words, comment_words=comment_words)
    if words > high:
        return False, _text(spec, "too_long", lang, words=words, comment_words=comment_words)
    return True, _text(spec, "met", lang)


def _tone_fit(
    d: _Draft, tone: str | None, spec: dict, lang: str
) -> tuple[bool, str]:
    if _first(d.text, spec, "blame") is not None:
        return False, _text(spec, "not_met_negative", lang)
    if tone != "negative":
        # An apology to an angry customer reads negative to the tone model: harshness
        # is judged by the model only where the comment itself is not negative.
        if d.tone()["scores"]["negative"] >= float(spec.get("negative_draft_above", 0.75)):
            return False, _text(spec, "not_met_negative", lang)
        return True, _text(spec, "met", lang)
    # Laughter or a smiling emoji is cheerful whatever the model says; cheerful words
    # and other emoji count when the model reads the draft as positive.
    if d.laugh or d.smiles:
        return False, _text(spec, "not_met_cheerful", lang)
    if (d.emoji or _first(d.text, spec, "cheer") is not None) and d.tone()["scores"][
        "positive"
    ] >= float(spec.get("positive_draft_above", 0.4)):
        return False, _text(spec, "not_met_cheerful", lang)
    return True, _text(spec, "met", lang)


# --- the checklist ---------------------------------------------------------------------
def review(
    draft: str,
    comment: dict | None = None,
    *,
    template: dict | None = None,
    cliches: list[dict] | None = None,
    draft_tone: dict | None = None,
    lang: str = "ru",
    guidance_path: Path | None = None,
    cliches_path: Path | None = None,
    show_all: bool = False,
) -> dict:
    """The checklist of ``draft`` as a reply to ``comment``.

    ``comment``: ``{"text", "tone", "persona", "author_name"}``, every key optional;
    ``tone`` is ``negative``/``neutral``/``positive`` (the comment's tone model label),
    ``persona`` one of ``model.persona.LABELS``. Items that need what is missing are
    left out (no persona: no ``persona_fit``; no tone: the negative-only items are out).
    ``template``: the template warning of this draft (``{"level", "score"}``), else
    ``no_template`` is left out; ``cliches``: ``model.cliches.find_cliches`` of the draft
    if already computed. ``draft_tone``: the tone model's result for the draft, computed
    here when a check needs it and it was not given.

    Returns ``{"score", "met", "total", "items": [{"id", "key", "met", "title",
    "reason"}]}``; ``score`` is met / total (0..1, 1 when nothing applies); ``key`` is
    the item with the persona for ``persona_fit`` (``persona_fit.aggressor``), the key of
    the evaluation table. ``show_all`` keeps items hidden for low precision (evaluation).
    """
    comment = comment or {}
    lang = lang if lang in LANGS else "ru"
    checks = load_guidance(guidance_path)["checks"]
    d = _Draft(draft, draft_tone)
    tone = comment.get("tone")
    persona = comment.get("persona")

    results: list[tuple[str, str, bool, str, dict]] = []

    def add(item: str, key: str, spec: dict, verdict: tuple[bool, str]) -> None:
        if show_all or _shown(key, spec):
            results.append((item, key, verdict[0], verdict[1], spec))

    add("addresses", "addresses", checks["addresses"],
        _addresses(d, comment, checks["addresses"], lang))
    if tone == "negative":
        add("acknowledges", "acknowledges", checks["acknowledges"],
            _acknowledges(d, checks["acknowledges"], checks["apologises"], lang))
        add("apologises", "apologises", checks["apologises"],
            _cue_check(d, checks["apologises"], lang))
        add("next_step", "next_step", checks["next_step"],
            _next_step(d, checks["next_step"], lang))
    if persona in PERSONAS:
        spec = checks["persona_fit"]["personas"][persona]
        merged = {**spec, "show": spec.get("show", checks["persona_fit"].get("show"))}
        add("persona_fit", f"persona_fit.{persona}", merged,
            _persona_fit(d, comment, persona, spec, lang))
    spec = checks["no_cliches"]
    found = cliches if cliches is not None else find_cliches(draft, cliches_path)
    if found:
        first = found[0]
        verdict = (False, _text(spec, "not_met", lang, phrase=first["phrase"],
                                alternative=first.get("alternative") or "…"))
    else:
        verdict = (True, _text(spec, "met", lang))
    add("no_cliches", "no_cliches", spec, verdict)
    if template is not None:
        spec = checks["no_template"]
        if template.get("level", "ok") == "ok":
            verdict = (True, _text(spec, "met", lang))
        else:
            verdict = (False, _text(spec, "not_met", lang,
                                    score=round(float(template.get("score") or 0) * 100)))
        add("no_template", "no_template", spec, verdict)
    add("length", "length", checks["length"], _length(d, comment, tone, checks["length"], lang))
    add("tone_fit", "tone_fit", checks["tone_fit"],
        _tone_fit(d, tone, checks["tone_fit"], lang))

    items = [
        {"id": item, "key": key, "met": met, "title": _text(title, "title", lang), "reason": reason}
        for item, key, met, reason, title in results
    ]
    met = sum(1 for i in items if i["met"])
    return {
        "score": round(met / len(items), 3) if items else 1.0,
        "met": met,
        "total": len(items),
        "items": items,
    }
