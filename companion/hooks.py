"""Listeners other parts register to learn about stored records (e.g. the draft index)."""

from __future__ import annotations

from collections.abc import Callable

# Called as listener(reply_id, text) after a reply is committed.
reply_stored: list[Callable[[int, str], None]] = []


def emit_reply_stored(reply_id: int, text: str) -> None:
    for listener in reply_stored:
        listener(reply_id, text)
