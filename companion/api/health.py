"""``GET /health``: no token; tells the extension it reached the companion, and which."""

from __future__ import annotations

from flask import current_app, jsonify

from .. import __version__
from ..models_info import model_versions
from ..secrets_store import data_dir_fingerprint
from . import bp
from .schemas import errors, ok


@bp.get("/health")
def health():
    return jsonify(
        {
            "name": "otklik",
            "version": __version__,
            "api": 1,
            "models": model_versions(current_app.config["DATA_DIR"]),
            # which data dir this companion serves, for `otklik status`: a digest, not the path
            "data_dir_id": data_dir_fingerprint(current_app.config["DATA_DIR"]),
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
                        },
                    }
                ),
                **errors(403),
            },
        }
    }
}
