"""Errors of the feeds domain, and the messages they carry to a data steward."""

from __future__ import annotations

from typing import Any

from talentbridge.errors import N_, Invalid, Message, TalentBridgeError, message

__all__ = ["N_", "Message", "message"]  # defined with the errors, for every domain


class NormaliseError(ValueError):
    """A value cannot be read. The message is for a data steward: it quotes the value
    and says what is wrong with it, e.g. "'平成31年2月30日' is not a date (February has
    no 30th)". The import quarantines the row with this message.

    Raised with a template and its values (`NormaliseError(N_("{value} is not a date"),
    value=quote(raw))`), so the message can be shown in Japanese too."""

    def __init__(self, template: str, **values: Any) -> None:
        self.message = message(template, **values)
        super().__init__(str(self.message))


class UnknownLayout(Invalid):
    """The file matches no known feed layout; nothing was written."""


class LayoutMismatch(Invalid):
    """The file does not have the layout the user named; nothing was written."""


class MappingError(TalentBridgeError):
    """A layout mapping file is itself wrong (a developer's or an operator's error)."""

    status_code = 500


class MassWithdrawal(TalentBridgeError):
    """The snapshot would withdraw much of the feed's register; nothing was written.
    Usually a partial or wrong file; when the register really shrank, the import is run
    again with withdrawals allowed."""

    status_code = 409
