"""The data dir belongs to the person at this machine: 0700, and every file in it 0600.

The database holds every customer's comment and every reply; on a shared machine (a
terminal server, a family computer) a 0644 file in a 0755 folder hands it to every
other account. On Windows the default data dir (under %LOCALAPPDATA%) is already private
to the user by its inherited ACLs, but a `--data-dir` elsewhere (C:\\otklik) is not: there
the folder's inherited entries are replaced by the user and SYSTEM alone (``icacls``,
which every Windows ships), and what is inside inherits that.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
from pathlib import Path

POSIX = os.name == "posix"
DIR_MODE = 0o700
FILE_MODE = 0o600


def lock_down(base: Path) -> None:
    """Make ``base`` 0700 and everything under it 0700 (folders) or 0600 (files).

    Only what is too open is changed; a file that cannot be changed (another owner)
    is left for the error its use will give.
    """
    if os.name == "nt":
        _windows_lock_down(base)
        return
    if not POSIX:
        return
    _restrict(base, DIR_MODE)
    for root, dirs, files in os.walk(base):
        for name in dirs:
            _restrict(Path(root) / name, DIR_MODE)
        for name in files:
            _restrict(Path(root) / name, FILE_MODE)


def windows_acl_command(base: Path, user: str) -> list[str]:
    """``icacls`` arguments that leave ``base`` to ``user`` and SYSTEM alone.

    ``/inheritance:r`` drops the entries inherited from the parent (Users, Authenticated
    Users on C:\\), ``/grant:r`` replaces the named ones with full control that files
    and folders inside inherit (``(OI)(CI)``), ``/T`` applies it to what is already there.
    """
    grant = "(OI)(CI)F"
    return ["icacls", str(base), "/inheritance:r",
            "/grant:r", f"{user}:{grant}", "/grant:r", f"*S-1-5-18:{grant}", "/T", "/Q"]


def _windows_lock_down(base: Path) -> None:
    user = os.environ.get("USERNAME")
    if not user:
        return
    domain = os.environ.get("USERDOMAIN")
    account = f"{domain}\\{user}" if domain else user
    # If icacls fails the folder keeps its parent's ACLs; otklik still works.
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(windows_acl_command(base, account), check=False, capture_output=True,
                       timeout=30)


def _restrict(path: Path, mode: int) -> None:
    try:
        current = stat.S_IMODE(path.lstat().st_mode)
        if current & 0o077 and not path.is_symlink():
            os.chmod(path, current & ~0o077 & 0o7777 | (mode & 0o700))
    except OSError:
        pass


def create_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it is missing.

    SQLite makes its -wal and -shm files with the mode of the database file, so a
    database created this way keeps all three private.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def write_text(path: Path, text: str) -> None:
    """Write a small file with mode 0600 from its first byte."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
