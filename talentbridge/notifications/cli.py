"""`talentbridge worker`: sends the queued mail (talk confirmations, changes, reminders)."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from talentbridge.console import ensure_database, err
from talentbridge.db import session_scope
from talentbridge.notifications import service


def worker(
    once: Annotated[bool, typer.Option("--once", help="Send what is due now, then stop.")] = False,
    interval: Annotated[float, typer.Option("--interval", min=1.0, help="Seconds between looks at the queue.")] = 30.0,
) -> None:
    """Send the mail that is due, now and then (stop it with Ctrl-C): the queue is in the
    database, so a restarted worker goes on where it stopped and sends nothing twice."""
    ensure_database()
    while True:
        with session_scope() as session:
            counts = service.run_due(session)
        if any(counts.values()):
            err.print(f"sent {counts['sent']}, skipped {counts['skipped']}, failed {counts['failed']}")
        if once:
            return
        time.sleep(interval)
