"""Load the models and build the draft index in the background when `otklik serve` starts,
so the operator's first page and first draft are answered at full speed. With analysis
workers (``companion.analysis_pool``) the models load in the workers, not here."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask

log = logging.getLogger("otklik")


def _warm(app: Flask) -> None:
    from . import analysis, analysis_pool, drafts, models_info
    from .storage.per_request import engine_of

    started = time.perf_counter()
    try:
        if analysis_pool.APP_KEY not in app.extensions:
            analysis.analyze([analysis_pool.WARM_COMMENT], app.config["DATA_DIR"])
        else:
            # What /health reads: the models' meta files (models_info.model_versions),
            # read here once rather than by the first probe after start-up.
            models_info.model_versions(app.config["DATA_DIR"])
        engine = engine_of(app)
        drafts.warm(engine)
        _warm_calendar(engine)
    except Exception as exc:  # a broken model must not stop the server; its endpoint says why
        from .storage.faults import is_unreachable, reason

        if is_unreachable(exc):  # the team store is down: the draft index waits for it
            log.warning("warm-up: the team store cannot be reached (%s)", reason(exc))
        else:
            log.exception("warm-up failed")
        return
    log.info("models and draft index ready in %.1f s", time.perf_counter() - started)


def _warm_calendar(engine) -> None:
    # The team's work calendar (the holidays package, ~0.2-0.4 s) is built once and
    # cached; build it now rather than on the first dashboard page or SLA view.
    from .dashboard import settings

    with engine.connect() as db:
        settings.load(db).schedule()


def start(app: Flask) -> threading.Thread:
    thread = threading.Thread(target=_warm, args=(app,), name="otklik-warmup", daemon=True)
    thread.start()
    return thread
