"""The extension's API, under ``/api/v1``. One module per concern.

Each module in ROUTE_MODULES defines ``bp`` routes on the shared blueprint and an
``OPENAPI`` dict of its path items; ``openapi.py`` assembles the document from them,
and a test checks it against the routes.
"""

from __future__ import annotations

import importlib

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

ROUTE_MODULES = [
    "companion.api.health",
    "companion.api.events",
    "companion.api.comments",
    "companion.api.claims",
    "companion.api.analyze",
    "companion.api.drafts",
    "companion.api.templates",
    "companion.api.team_settings",
    "companion.api.pairing",
    "companion.api.page_health",
    "companion.api.openapi",
]


def load_modules() -> list:
    return [importlib.import_module(name) for name in ROUTE_MODULES]
