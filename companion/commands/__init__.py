"""Subcommands of ``otklik`` beyond serve/status/token, one module per concern.

Each module listed in ``companion.cli.COMMAND_MODULES`` exposes ``COMMANDS``, a list
of click commands; they read the data dir with ``companion.commands.data_dir_of(ctx)``.
"""

from __future__ import annotations

from pathlib import Path

import click


def data_dir_of(ctx: click.Context) -> Path:
    """The data dir chosen by the global ``--data-dir`` option (created on first use)."""
    from ..config import data_dir

    return data_dir(ctx.find_root().params.get("data_dir"))
