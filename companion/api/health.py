"""``GET /health``: no token; tells the extension it reached the companion, and which."""

from __future__ import annotations

from flask import current_app, jsonify

from .. import __version__
from ..models_info import model_versions
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
