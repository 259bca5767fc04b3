"""``GET /openapi.json``: the OpenAPI 3.1 document, assembled from the route modules."""

from __future__ import annotations

from flask import jsonify

from .. import __version__
from . import bp, load_modules
from .schemas import ERROR, errors, ok


def document() -> dict:
    paths: dict = {}
    for module in load_modules():
        paths.update(getattr(module, "OPENAPI", {}))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "otklik companion API",
            "version": __version__,
            "description": "Local API of otklik's companion for its browser extension. "
            "Loopback only; every call but /health needs the pairing token.",
        },
        "servers": [{"url": "http://127.0.0.1:8765/api/v1"}],
        "components": {
            "schemas": {"Error": ERROR},
            "securitySchemes": {"pairingToken": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"pairingToken": []}],
        "paths": paths,
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


OPENAPI = {
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "responses": {"200": ok({"type": "object"}), **errors(401, 403)},
        }
    }
}
