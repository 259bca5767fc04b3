"""The data dir on Windows: user-only ACLs by icacls (the command is checked here; CI has
no Windows, the POSIX modes are tested for real in test_storage_faults.py)."""

from __future__ import annotations

from pathlib import Path

from companion import private


def test_icacls_leaves_the_folder_to_the_user_and_system_only():
    cmd = private.windows_acl_command(Path("C:/otklik data"), "OFFICE\\anna")
    assert cmd[:3] == ["icacls", str(Path("C:/otklik data")), "/inheritance:r"]
    grants = [cmd[i + 1] for i, arg in enumerate(cmd) if arg == "/grant:r"]
    # the user and LocalSystem (by SID, so it works in every language), inherited by
    # everything inside; nobody else
    assert grants == ["OFFICE\\anna:(OI)(CI)F", "*S-1-5-18:(OI)(CI)F"]
    assert "/T" in cmd  # what is already inside changes too
