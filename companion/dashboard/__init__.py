"""The trainers' dashboard, served by the companion at its root URL."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/")

from . import views  # noqa: E402,F401  (routes register on bp)
