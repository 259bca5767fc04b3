"""The trainers' dashboard, served by the companion at its root URL."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/")

# routes register on bp: views, and manage (pairing, template deletion)
from . import manage, views  # noqa: E402,F401
