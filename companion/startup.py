"""Start-up faults end in one clear line, never a traceback.

A newer database, a damaged or read-only one, a full disk: every ``otklik`` command
reports these as one line (``Error: …``, exit status 1) naming the file and what to do.
"""

from __future__ import annotations

import sqlite3

import click

from .db import describe_fault, storage_problem
from .migrations import SchemaTooNew


class OneLineFaults(click.Group):
    """A click group whose commands turn storage faults into one line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SchemaTooNew as exc:
            raise click.ClickException(str(exc)) from None
        except (sqlite3.Error, OSError) as exc:
            if isinstance(exc, OSError) and storage_problem(exc) is None:
                if not getattr(exc, "filename", None):
                    raise  # not about a file: a bug, with its traceback
                raise click.ClickException(f"Cannot use {exc.filename}: {exc.strerror}") from None
            raise click.ClickException(describe_fault(exc, _where(ctx, exc))) from None


def _where(ctx: click.Context, exc: BaseException) -> str:
    filename = getattr(exc, "filename", None)
    if filename:
        return str(filename)
    from .config import DATA_DIR_ENV, data_dir, db_path

    raw = ctx.params.get("data_dir")
    try:
        return str(db_path(data_dir(raw)))
    except OSError:
        return str(raw or f"the data dir (${DATA_DIR_ENV})")
