"""Is the store there: for ``/health`` and `otklik status`.

``check(engine)`` → ``{"engine": "sqlite"|"postgresql", "ok": bool, "reason": str|None}``:
one short query on a fresh connection (PostgreSQL's connect timeout bounds it), and the
schema revision compared with this otklik's.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from .faults import storage_problem
from .migrate import SchemaBehind, SchemaTooNew, check_version, current, ensure_migrated, head

# /health is probed every few seconds by each extension tab: the answer is reused this
# long, so an unreachable server costs one connect timeout per interval, not per probe.
CACHE_S = 2.0
_cache: dict[int, tuple[float, dict]] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop the cached answers: a request just met a store fault, the next probe looks."""
    with _lock:
        _cache.clear()


def check(engine: Engine, *, cached: bool = True) -> dict:
    """``{"engine", "ok", "reason"}``; ``reason`` is one line when not ok, else None."""
    key = id(engine)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if cached and hit and now - hit[0] < CACHE_S:
            return hit[1]
    result = {"engine": engine.dialect.name, "ok": True, "reason": None}
    try:
        ensure_migrated(engine)  # a team store that was down at start-up, back now
        with engine.connect() as db:
            db.execute(text("SELECT 1"))
            check_version(db)
            rev = current(db)
            if rev != head():
                result |= {"ok": False,
                           "reason": f"schema {rev or 'none'}, this otklik needs {head()}"}
    except (SchemaTooNew, SchemaBehind) as exc:
        result |= {"ok": False, "reason": str(exc)}
    except SQLAlchemyError as exc:
        problem = storage_problem(exc)
        words = problem[1] if problem else str(getattr(exc, "orig", exc)).splitlines()[0]
        result |= {"ok": False, "reason": words}
    with _lock:
        _cache[key] = (time.monotonic(), result)
    return result
