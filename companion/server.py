"""Running the app with waitress on loopback, and finding a running companion."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

from .config import SERVER_INFO_NAME


class PortTaken(RuntimeError):
    pass


def tune_malloc() -> None:
    """On glibc: two malloc arenas and a fixed mmap threshold for the server process.

    With several worker threads glibc keeps an arena per thread, and its mmap threshold
    rises after a large numpy temporary is freed, so the next ones come from the arenas
    and their memory stays with the process. Measured with scripts/bench_memory.py
    (5,000 templates and 50,000 replies stored): 423 -> 360 MB. Elsewhere a no-op.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc (musl, for one)
        return
    m_mmap_threshold, m_arena_max = -3, -8  # from glibc's malloc.h
    mallopt(m_arena_max, 2)
    mallopt(m_mmap_threshold, 128 * 1024)


def make_server(app, host: str, port: int, threads: int = 8):
    """A waitress server bound to ``host:port``; raises PortTaken with what to do."""
    from waitress.server import create_server

    try:
        return create_server(app, host=host, port=port, threads=threads, ident="otklik")
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortTaken(
                f"Port {port} on {host} is taken. Is otklik already running? "
                f"Check with `otklik status`, stop the other program, or start on another "
                f"port with `otklik serve --port {port + 1}` (then set that address in the "
                f"extension's options)."
            ) from None
        raise


def write_server_info(data_dir: Path, host: str, port: int) -> Path:
    path = data_dir / SERVER_INFO_NAME
    path.write_text(json.dumps({"pid": os.getpid(), "host": host, "port": port}), "utf-8")
    return path


def clear_server_info(data_dir: Path) -> None:
    path = data_dir / SERVER_INFO_NAME
    try:
        info = json.loads(path.read_text("utf-8"))
        if info.get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def probe(host: str, port: int, timeout: float = 1.0) -> dict | None:
    """``/health`` of a companion at host:port, or None if what answers is not one."""
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        with urllib.request.urlopen(f"http://{netloc}/api/v1/health", timeout=timeout) as resp:
            if not resp.headers.get("X-Otklik-Version"):
                return None
            return json.loads(resp.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def running(
    data_dir: Path, default_port: int, prefer: int | None = None
) -> tuple[int, dict | None]:
    """The port to look at and the health of what answers there, if a companion does.

    The port: ``prefer`` if given, else the one this data dir's companion was started
    on (server.json), else ``default_port``. Whether that companion serves this data dir
    is for the caller to tell from ``data_dir_id``.
    """
    port = prefer or default_port
    if prefer is None:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            port = int(json.loads((data_dir / SERVER_INFO_NAME).read_text("utf-8"))["port"])
    return port, probe("127.0.0.1", port)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
