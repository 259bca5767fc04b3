"""``GET /health``: no token; tells the extension it reached the companion, and which."""

from __future__ import annotations

import sys

from flask import current_app, jsonify

from .. import __version__
from ..models_info import model_versions
from ..secrets_store import data_dir_fingerprint
from ..storage import health as store_health
from ..storage.per_request import engine_of
from . import bp
from .schemas import errors, ok

MODEL_MODULES = ("model", "model.tone", "model.persona")


def _importing() -> bool:
    """Whether the warm-up thread is importing the models right now.

    Python's import lock would hold this probe until scikit-learn and the models are
    imported (seconds; over the extension's 3-second timeout on a busy machine).
    """
    for name in MODEL_MODULES:
        spec = getattr(sys.modules.get(name), "__spec__", None)
        if getattr(spec, "_initializing", False):
            return True
    return False


@bp.get("/health")
def health():
    if _importing():
        models = {"tone": "loading", "persona": "loading"}
    else:
        models = model_versions(current_app.config["DATA_DIR"])
    return jsonify(
        {
            "name": "otklik",
            "version": __version__,
            "api": 1,
            "models": models,
            # which data dir this companion serves, for `otklik status`: a digest, not the path
            "data_dir_id": data_dir_fingerprint(current_app.config["DATA_DIR"]),
            # the store: the extension's tooltip and `otklik status` say when it is down
            "store": store_health.check(engine_of()),
        }
    )


OPENAPI = {
    "/health": {
        "get": {
            "summary": "Is the companion there, which version and models",
            "security": [],
            "responses": {
                "200": ok(
                    {
                        "type": "object",
                        "required": ["name", "version", "api", "models"],
                        "properties": {
                            "name": {"const": "otklik"},
                            "version": {"type": "string"},
                            "api": {"type": "integer"},
                            "data_dir_id": {
                                "type": "string",
                                "description": "a digest of the data dir's secret: tells "
                                "`otklik status` whether this companion serves its data dir",
                            },
                            "models": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                            },
                            "store": {
                                "type": "object",
                                "description": "the store: its engine, whether it answers "
                                "with this otklik's schema, and if not why, in one line",
                                "required": ["engine", "ok", "reason"],
                                "properties": {
                                    "engine": {"enum": ["sqlite", "postgresql"]},
                                    "ok": {"type": "boolean"},
                                    "reason": {"type": ["string", "null"]},
                                },
                            },
                        },
                    }
                ),
                **errors(403),
            },
        }
    }
}
