"""A local SMTP server that keeps every message it is sent in a Maildir: where the demo's
mail goes (and where a developer reads what the platform would have sent). It is aiosmtpd's
own Mailbox handler; nothing is relayed anywhere.
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox

from talentbridge.errors import Invalid


@contextmanager
def running(folder: Path, *, host: str = "127.0.0.1", port: int = 8025) -> Iterator[Controller]:
    """The sink, listening on host:port while the block runs (in a thread of its own)."""
    for part in ("tmp", "new", "cur"):  # a Maildir (mailbox.Maildir makes one only where nothing is)
        (folder / part).mkdir(parents=True, exist_ok=True)
    controller = Controller(Mailbox(folder), hostname=host, port=port)
    try:
        controller.start()
    except (OSError, RuntimeError) as exc:
        raise Invalid(
            f"cannot listen for mail on {host}:{port} ({exc}); another SMTP server may be there: "
            "stop it, or set TALENTBRIDGE_SMTP_PORT to a free port"
        ) from None
    try:
        yield controller
    finally:
        controller.stop()


def messages(folder: Path) -> list[mailbox.MaildirMessage]:
    """What arrived, oldest first."""
    if not (folder / "new").is_dir():
        return []
    box = mailbox.Maildir(folder, create=False)
    return sorted(box, key=lambda message: message.get_date())
