"""Errors of the feeds domain, and the messages they carry to a data steward."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from talentbridge.errors import Invalid, TalentBridgeError


def N_(template: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Marks a message template for the translation catalogs; returns it unchanged."""
    return template


@dataclass(frozen=True, slots=True)
class Message:
    """A message for a data steward that any language can render: an English template
    with {named} places (marked with N_, so the web UI's catalogs translate it) and the
    values that fill them; a value may be a Message itself. `str()` is the English.

    Quarantined rows keep it (QuarantinedRow.reason_detail), so the steward's page shows
    the reason in the steward's language."""

    template: str
    values: tuple[tuple[str, Any], ...] = ()

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        text = translate(self.template) if translate else self.template
        values = {name: _rendered(value, translate) for name, value in self.values}
        return text.format(**values) if values else text

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict[str, Any]:
        return {"t": self.template, "v": {name: _jsonable(value) for name, value in self.values}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        values = tuple(
            (name, cls.from_json(value) if isinstance(value, dict) else value) for name, value in data["v"].items()
        )
        return cls(data["t"], values)


def message(template: str, **values: Any) -> Message:
    return Message(template, tuple(values.items()))


def _rendered(value: Any, translate: Callable[[str], str] | None) -> Any:
    return value.render(translate) if isinstance(value, Message) else value


def _jsonable(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    return value if isinstance(value, str | int | float) or value is None else str(value)


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
