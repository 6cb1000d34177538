"""What every CLI command shares: consoles, the database at the newest schema, errors as exits."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy.exc import OperationalError

from talentbridge.db import get_engine
from talentbridge.errors import TalentBridgeError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except OSError:  # no user name in some containers
        return "cli"


def ensure_database() -> None:
    """Apply pending migrations; a new SQLite file is created here."""
    from talentbridge import migrate

    try:
        migrate.upgrade(get_engine())
    except OperationalError as exc:
        err.print(f"[red]error:[/red] cannot reach the database ({exc.orig}). Check TALENTBRIDGE_DATABASE_URL.")
        raise typer.Exit(2) from None


@contextmanager
def errors_as_exit() -> Iterator[None]:
    """A TalentBridgeError becomes one line on stderr and exit code 1."""
    try:
        yield
    except TalentBridgeError as exc:
        err.print(f"[red]error:[/red] {exc.text()}", highlight=False)
        raise typer.Exit(1) from None
