"""Tone, gratitude and persona of comments: one path for the API and `otklik classify`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .models_info import custom_tone_path, guidance_path

LANGS = ("ru", "en")


def analyze(
    comments: list[dict[str, Any]], data_dir: Path, lang: str = "ru", tone_mode: str = "fast"
) -> list[dict]:
    """Per comment ``{"id", "tone", "gratitude", "persona", "author_role"}``, in input order.

    ``tone_mode``: ``fast`` (the page's path) or ``accurate`` (``model.tone.predict``);
    a trainer's own tone model, when there is one, is used in either mode.

    ``comments`` items have ``id``, ``text`` and optionally ``author`` and ``posted_at``;
    the persona model looks at each author's behaviour across the whole list.
    ``author_role`` is ``"brand"`` when the text plainly reads as the brand's own reply
    (its persona is then ``none``), else ``"customer"`` (``model.persona_author``).
    """
    from model import gratitude, persona, tone

    if not comments:
        return []
    texts = [c["text"] for c in comments]
    tone_path = custom_tone_path(data_dir)
    tones = tone.predict(texts, tone_path, mode=tone_mode)
    personas = persona.predict(comments, tones, lang=lang, guidance_path=guidance_path(data_dir))
    return [
        {
            "id": c["id"],
            "tone": t,
            "gratitude": gratitude.is_gratitude(c["text"], tone=t, model_path=tone_path),
            "persona": {k: v for k, v in p.items() if k != "author_role"},
            "author_role": p["author_role"],
        }
        for c, t, p in zip(comments, tones, personas, strict=True)
    ]
