"""Errors of the feeds domain."""

from talentbridge.errors import Invalid, TalentBridgeError


class NormaliseError(ValueError):
    """A value cannot be read. The message is for a data steward: it quotes the value
    and says what is wrong with it, e.g. "'平成31年2月30日' is not a date (February has
    no 30th)". The import quarantines the row with this message."""


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
