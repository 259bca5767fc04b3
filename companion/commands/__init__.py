"""Subcommands of ``otklik`` beyond serve/status/token, one module per concern.

Each module listed in ``companion.cli.COMMAND_MODULES`` exposes ``COMMANDS``, a list
of click commands; they read the data dir with ``companion.commands.data_dir_of(ctx)``.
"""

from __future__ import annotations

from pathlib import Path

import click

DATA_DIR_KEY = "otklik.data_dir"


def data_dir_of(ctx: click.Context, *, create: bool = True) -> Path:
    """The data dir chosen by ``--data-dir`` (given before or after the subcommand),
    else ``$OTKLIK_DATA_DIR``, else the user's; created on first use unless ``create``
    is false."""
    from ..config import data_dir

    chosen = ctx.meta.get(DATA_DIR_KEY) or ctx.find_root().params.get("data_dir")
    try:
        return data_dir(chosen, create=create)
    except OSError as exc:  # a parent that is a file, no permission, a read-only disk
        where = exc.filename or chosen
        raise click.ClickException(
            f"data dir {where}: cannot create it ({exc.strerror or exc}); "
            "choose another with --data-dir"
        ) from None


def _remember_data_dir(ctx: click.Context, _param: click.Parameter, value):
    if value is not None:
        ctx.meta[DATA_DIR_KEY] = value  # ctx.meta is shared by the whole command chain
    return value


def data_dir_option() -> click.Option:
    """``--data-dir`` for a subcommand, so `otklik status --data-dir D` works too."""
    return click.Option(
        ["--data-dir"], type=click.Path(file_okay=False), expose_value=False,
        is_eager=True, callback=_remember_data_dir,
        help="Folder for the database, token and models (also before the subcommand).",
    )


def add_data_dir_option(command: click.Command) -> None:
    """Give ``command`` and every subcommand under it its own ``--data-dir``."""
    if not any(p.name == "data_dir" for p in command.params):
        command.params.append(data_dir_option())
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_data_dir_option(sub)


def read_input_file(stream):
    """An input file (or stdin) decoded whatever its encoding (a ``textfile.TextFile``);
    a file that cannot be read stops the command with the one-line reason."""
    from .. import textfile

    try:
        return textfile.read_stream(stream)
    except textfile.FileProblem as exc:
        raise click.ClickException(str(exc)) from None


def read_input(stream):
    """An input file (or stdin) decoded whatever its encoding, as a stream of lines."""
    from .. import textfile

    return textfile.lines(read_input_file(stream))
