"""Where otklik keeps its files, and the few settings every command shares."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "otklik"
DEFAULT_PORT = 8765
DATA_DIR_ENV = "OTKLIK_DATA_DIR"
PORT_ENV = "OTKLIK_PORT"
DB_NAME = "otklik.db"
TOKEN_NAME = "token"
SECRET_NAME = "secret.key"
SERVER_INFO_NAME = "server.json"
# Held locked (an OS file lock) by the one `otklik serve` of a data dir while it runs;
# the OS drops the lock when that process ends, a crash included.
SERVE_LOCK_NAME = "serve.lock"
# Written (0600) when a browser signs in to the dashboard: `otklik serve` opens the
# browser signed in at start-up only while no browser has.
SIGNED_IN_NAME = "browser-signed-in.json"
# The page a browser is opened on (0600, as Jupyter's redirect file): it forwards to the
# one-time sign-in link, so the link never shows on a command line (`ps`).
OPEN_PAGE_NAME = "open-dashboard.html"
NO_BROWSER_ENV = "OTKLIK_NO_BROWSER"
# Loopback addresses only: a companion reachable from the network would hand every
# operator's comments and timings to whoever asks.
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


def data_dir(override: str | os.PathLike | None = None, *, create: bool = True) -> Path:
    """The data dir: ``override``, else ``$OTKLIK_DATA_DIR``, else the user's data dir.

    Created on first use, unless ``create`` is false (`otklik status` creates nothing).
    """
    raw = override or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME)
    path = Path(raw).expanduser().resolve()
    if create:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def db_path(base: Path) -> Path:
    return base / DB_NAME


def models_dir(base: Path) -> Path:
    """Artifacts the user trained (``otklik train``) live here, beside the database."""
    path = base / "models"
    path.mkdir(exist_ok=True, mode=0o700)
    return path
