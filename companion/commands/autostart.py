"""`otklik autostart enable|disable|status`: start the companion with the computer.

Linux: a systemd user unit (``~/.config/systemd/user/otklik.service``), enabled with
``systemctl --user``. macOS: a LaunchAgent (``~/Library/LaunchAgents/org.otklik.companion.plist``)
loaded with ``launchctl``. Windows: a Task Scheduler entry run at log-on (``schtasks``).
The command the service runs is this very Python with ``-m companion``, the data dir
and port made explicit, so a later change of environment variables changes nothing.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import click

from .. import config
from . import data_dir_of

UNIT_NAME = "otklik.service"
AGENT_LABEL = "org.otklik.companion"
TASK_NAME = "otklik companion"


def serve_argv(data_dir: Path, port: int) -> list[str]:
    """The command line that starts this installation's companion.

    ``--no-browser``: a companion started with the computer opens no browser tab at
    every log-on; `otklik dashboard` opens it signed in when needed.
    """
    python = Path(sys.executable)
    if os.name == "nt" and (python.parent / "pythonw.exe").exists():
        python = python.parent / "pythonw.exe"  # no console window at every log-on
    return [str(python), "-m", "companion", "--data-dir", str(data_dir),
            "serve", "--port", str(port), "--no-browser"]


def _systemd_quote(arg: str) -> str:
    if arg and all(c.isalnum() or c in "/._-:=+@" for c in arg):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return f'"{escaped}"'


def systemd_unit(argv: list[str]) -> str:
    """The text of the systemd user unit running ``argv``."""
    return (
        "[Unit]\n"
        "Description=otklik companion (reply hints for care teams, 127.0.0.1 only)\n"
        "\n"
        "[Service]\n"
        f"ExecStart={' '.join(_systemd_quote(a) for a in argv)}\n"
        "Restart=on-failure\n"
        "RestartSec=5\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def launch_agent(argv: list[str], log_dir: Path) -> bytes:
    """The LaunchAgent property list (XML) running ``argv`` at log-in."""
    return plistlib.dumps({
        "Label": AGENT_LABEL,
        "ProgramArguments": argv,
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},  # restarted after a crash, not after a stop
        "StandardOutPath": str(log_dir / "companion.log"),
        "StandardErrorPath": str(log_dir / "companion.log"),
    })


def schtasks_create(argv: list[str]) -> list[str]:
    """The ``schtasks`` command line that registers ``argv`` to run at log-on."""
    command = subprocess.list2cmdline(argv)
    return ["schtasks", "/Create", "/TN", TASK_NAME, "/TR", command, "/SC", "ONLOGON",
            "/RL", "LIMITED", "/F"]


def _platform() -> str:
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform == "darwin":
        return "macos"
    if os.name == "nt":
        return "windows"
    return sys.platform


def unit_path() -> Path:
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(xdg) / "systemd" / "user" / UNIT_NAME


def agent_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"


def _run(argv: list[str]) -> tuple[bool, str]:
    """Run a service manager's command; (ok, its message). Never raises."""
    if shutil.which(argv[0]) is None:
        return False, f"{argv[0]} not found"
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    out = (proc.stderr or proc.stdout or "").strip().splitlines()
    return proc.returncode == 0, out[-1] if out else f"exit code {proc.returncode}"


@click.group()
def autostart() -> None:
    """Start the companion when the operator logs in (no terminal every morning)."""


@autostart.command()
@click.option("--port", type=click.IntRange(1, 65535), default=config.DEFAULT_PORT,
              envvar=config.PORT_ENV, show_default=True, help="Port the companion listens on.")
@click.pass_context
def enable(ctx: click.Context, port: int) -> None:
    """Register the companion to start at log-in, and start it now."""
    base = data_dir_of(ctx)
    argv = serve_argv(base, port)
    kind = _platform()
    if kind == "linux":
        path = unit_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(systemd_unit(argv), encoding="utf-8")
        steps = [["systemctl", "--user", "daemon-reload"],
                 ["systemctl", "--user", "enable", "--now", UNIT_NAME]]
        manual = f"systemctl --user enable --now {UNIT_NAME}"
    elif kind == "macos":
        path = agent_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(launch_agent(argv, base))
        steps = [["launchctl", "load", "-w", str(path)]]
        manual = f"launchctl load -w {path}"
    elif kind == "windows":
        path = None
        steps = [schtasks_create(argv), ["schtasks", "/Run", "/TN", TASK_NAME]]
        manual = subprocess.list2cmdline(steps[0])
    else:
        raise click.ClickException(f"autostart is not supported on {kind}; start `otklik serve`")
    if path is not None:
        click.echo(f"written {path}")
    for step in steps:
        ok, message = _run(step)
        if not ok:
            raise click.ClickException(
                f"`{' '.join(step[:4])}` failed ({message}); the companion will not start by "
                f"itself until `{manual}` succeeds"
            )
    click.echo(f"The companion starts at log-in from now on (data dir {base}, port {port}).")


@autostart.command()
def disable() -> None:
    """Stop starting the companion at log-in (a running one is stopped too)."""
    kind = _platform()
    if kind == "linux":
        path = unit_path()
        if path.exists():
            _run(["systemctl", "--user", "disable", "--now", UNIT_NAME])
            path.unlink()
            _run(["systemctl", "--user", "daemon-reload"])
    elif kind == "macos":
        path = agent_path()
        if path.exists():
            _run(["launchctl", "unload", "-w", str(path)])
            path.unlink()
    elif kind == "windows":
        path = None
        _run(["schtasks", "/Delete", "/TN", TASK_NAME, "/F"])
    else:
        raise click.ClickException(f"autostart is not supported on {kind}")
    click.echo("The companion no longer starts at log-in.")


@autostart.command("status")
def status_() -> None:
    """Whether the companion is set to start at log-in."""
    kind = _platform()
    if kind == "linux":
        path = unit_path()
        if not path.exists():
            click.echo("autostart: off")
            return
        ok, message = _run(["systemctl", "--user", "is-enabled", UNIT_NAME])
        click.echo(f"autostart: {'on' if ok else 'unit written, not enabled'} ({path}; "
                   f"systemctl: {message})")
    elif kind == "macos":
        path = agent_path()
        click.echo(f"autostart: on ({path})" if path.exists() else "autostart: off")
    elif kind == "windows":
        ok, _message = _run(["schtasks", "/Query", "/TN", TASK_NAME])
        click.echo(f"autostart: {'on' if ok else 'off'} (Task Scheduler: {TASK_NAME})")
    else:
        click.echo(f"autostart: not supported on {kind}")


COMMANDS = [autostart]
