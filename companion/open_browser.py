"""Open the operator's browser on a one-time sign-in link, the way Jupyter does.

The browser is opened on a small page in the data dir (0600 in a 0700 folder) that
forwards to the link, not on the link itself: a URL given to a browser is on its command
line, which every account on the machine can read (`ps`) and race to use first
(Jupyter's «redirect file», notebook 5.7.2). A browser that cannot read the data dir
(Ubuntu's snap browsers refuse hidden folders) shows an error instead; the link printed
beside it then signs in.
"""

from __future__ import annotations

import os
import sys
import threading
import webbrowser
from html import escape
from pathlib import Path

from . import config, private


def can_open() -> bool:
    """Whether a graphical browser can be opened from here.

    Without a display on Linux, Python's webbrowser falls back to console browsers (lynx,
    w3m), which would take over the terminal `otklik serve` prints to.
    """
    if os.environ.get("BROWSER"):
        return True
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def open_page(base: Path, url: str) -> Path:
    """Write the forwarding page for ``url`` (mode 0600); returns its path."""
    link = escape(url, quote=True)
    page = base / config.OPEN_PAGE_NAME
    private.write_text(
        page,
        "<!doctype html><html><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"refresh\" content=\"0; url={link}\"><title>otklik</title></head>"
        f"<body><p><a href=\"{link}\">otklik</a></p></body></html>\n",
    )
    return page


def open_signed_in(base: Path, url: str, *, wait: bool = True) -> bool:
    """Open the browser on ``url`` through the forwarding page; False if none was opened.

    ``wait=False`` opens it from a thread (`otklik serve` goes on serving meanwhile).
    """
    if not can_open():
        return False
    target = open_page(base, url).as_uri()
    if not wait:
        threading.Thread(target=_open, args=(target,), name="open-browser", daemon=True).start()
        return True
    return _open(target)


def _open(target: str) -> bool:
    try:
        return webbrowser.open(target)
    except webbrowser.Error:
        return False
