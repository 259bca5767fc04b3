"""The data dir belongs to the person at this machine: 0700, and every file in it 0600.

The database holds every customer's comment and every reply; on a shared machine (a
terminal server, a family computer) a 0644 file in a 0755 folder hands it to every
other account. On Windows a user's data dir is already private to that user by its
ACLs, so only POSIX modes are set here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

POSIX = os.name == "posix"
DIR_MODE = 0o700
FILE_MODE = 0o600


def lock_down(base: Path) -> None:
    """Make ``base`` 0700 and everything under it 0700 (folders) or 0600 (files).

    Only what is too open is changed; a file that cannot be changed (another owner)
    is left for the error its use will give.
    """
    if not POSIX:
        return
    _restrict(base, DIR_MODE)
    for root, dirs, files in os.walk(base):
        for name in dirs:
            _restrict(Path(root) / name, DIR_MODE)
        for name in files:
            _restrict(Path(root) / name, FILE_MODE)


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
