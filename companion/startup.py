"""Start-up faults end in one clear line, never a traceback.

A newer database, a damaged or read-only one, a full disk: every ``otklik`` command
reports these as one line (``Error: …``, exit status 1) naming the file and what to do.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from .storage.engine import StoreUrlError
from .storage.faults import describe_fault, storage_problem
from .storage.migrate import SchemaBehind, SchemaTooNew

# ctx.meta key: the --store a command was given, for naming the store in a fault.
STORE_META = "otklik.store"


class OneLineFaults(click.Group):
    """A click group whose commands turn storage faults into one line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (SchemaTooNew, SchemaBehind, StoreUrlError) as exc:
            raise click.ClickException(str(exc)) from None
        except (sqlite3.Error, SQLAlchemyError, OSError) as exc:
            if isinstance(exc, OSError) and storage_problem(exc) is None:
                if not getattr(exc, "filename", None):
                    raise  # not about a file: a bug, with its traceback
                raise click.ClickException(f"Cannot use {exc.filename}: {exc.strerror}") from None
            if isinstance(exc, OSError) and exc.filename and not _in_data_dir(ctx, exc.filename):
                # A file of the user's (an --output, an input): the store's words («the
                # data dir is read-only … pick another with --data-dir») would mislead.
                raise click.ClickException(f"Cannot use {exc.filename}: {exc.strerror}") from None
            if isinstance(exc, OSError) and not getattr(exc, "filename", None):
                # A full disk without a file name is the command's output (stdout): the
                # store's faults are SQLite's or SQLAlchemy's, or name their file.
                raise click.ClickException(
                    f"Cannot write the output: {exc.strerror or exc}") from None
            raise click.ClickException(describe_fault(exc, _where(ctx, exc))) from None


def _in_data_dir(ctx: click.Context, filename) -> bool:
    from .config import data_dir

    try:
        base = data_dir(ctx.params.get("data_dir"), create=False)
        return Path(os.fsdecode(filename)).resolve().is_relative_to(base)
    except (OSError, ValueError, TypeError):
        return True  # as before: the store's words


def _where(ctx: click.Context, exc: BaseException) -> str:
    filename = getattr(exc, "filename", None)
    if filename:
        return str(filename)
    from .config import DATA_DIR_ENV, data_dir
    from .storage import describe, store_url

    raw = ctx.params.get("data_dir")
    try:
        url = store_url(data_dir(raw), ctx.meta.get(STORE_META))
        return describe(url).split(" ", 1)[1]
    except (OSError, ValueError):
        return str(raw or f"the data dir (${DATA_DIR_ENV})")
