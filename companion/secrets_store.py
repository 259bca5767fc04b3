"""The pairing token and the session secret: random, stored with 0600 permissions."""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from .config import SECRET_NAME, TOKEN_NAME


def _write_private(path: Path, value: str) -> None:
    # Create with 0600 from the start, so the secret is never readable by others,
    # then replace atomically so a crash never leaves a half-written token.
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(value + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _read_or_create(path: Path, nbytes: int, remedy: str) -> str:
    if path.exists():
        try:
            value = path.read_text(encoding="utf-8").strip()
        except UnicodeDecodeError:
            # A damaged file: one line naming it (a traceback before), never a silent
            # new secret (the extension's token, the dashboard's sessions would change).
            raise OSError(errno.EINVAL, f"damaged (not text); {remedy}", str(path)) from None
        if value:
            if path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
            return value
    value = secrets.token_urlsafe(nbytes)
    _write_private(path, value)
    return value


def token(base: Path) -> str:
    """The pairing token the extension sends as ``Authorization: Bearer``."""
    return _read_or_create(base / TOKEN_NAME, 24,
                           "`otklik token --rotate` writes a new one (pair the extension again)")


def rotate_token(base: Path) -> str:
    """A new pairing token; the old one stops working at once."""
    value = secrets.token_urlsafe(24)
    _write_private(base / TOKEN_NAME, value)
    return value


def session_secret(base: Path) -> str:
    """Signs the dashboard's session cookie (it carries the CSRF token)."""
    return _read_or_create(base / SECRET_NAME, 32,
                           "delete it and a new one is made (dashboard sessions end)")


def data_dir_fingerprint(base: Path, *, create: bool = True) -> str | None:
    """What `/health` says about its data dir: a digest of the data dir's own secret,
    so `otklik status` can tell whether the companion on a port serves this data dir
    without the path (or anything that leads to it) leaving the process.

    None when ``create`` is false and the data dir has no secret yet (no companion
    has ever served it).
    """
    import hashlib

    path = base / SECRET_NAME
    if not create and not path.exists():
        return None
    secret = session_secret(base)
    return hashlib.sha256(b"otklik data dir\0" + secret.encode()).hexdigest()[:16]
