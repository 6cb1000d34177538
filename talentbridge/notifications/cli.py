"""`talentbridge worker`: sends the queued mail (talk confirmations, changes, reminders);
`talentbridge mail-sink`: a local SMTP server that keeps what it is sent (for the demo and
for trying the platform without a real mail server)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from talentbridge.config import get_settings
from talentbridge.console import ensure_database, err, out
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


def mail_sink(
    folder: Annotated[Path, typer.Option("--dir", help="The Maildir the messages are kept in.")] = Path("var/mail"),
) -> None:
    """Receive the platform's mail on TALENTBRIDGE_SMTP_HOST:TALENTBRIDGE_SMTP_PORT (by
    default 127.0.0.1:8025) and keep each message in a Maildir, until Ctrl-C."""
    from talentbridge.notifications import sink

    settings = get_settings()
    with sink.running(folder, host=settings.smtp_host, port=settings.smtp_port):
        out.print(f"keeping mail sent to {settings.smtp_host}:{settings.smtp_port} in {folder}/new (Ctrl-C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
