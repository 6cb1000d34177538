"""One hierarchy of errors; the status lives on the class.

The web layer turns them into JSON under /api and a message on the page; the CLI into
one line on stderr and a non-zero exit code. A message is plain English text, or a
`Message` (an English template marked with N_ and its values) that a page shows in the
reader's language; JSON and the CLI give its English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def N_(template: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Marks a message template for the translation catalogs; returns it unchanged."""
    return template


@dataclass(frozen=True, slots=True)
class Message:
    """A message for a person that any language can render: an English template
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


def listed(items: list[Message | str]) -> Message:
    """Items joined by commas, each rendered in the reader's language."""
    names = {f"item{index}": item for index, item in enumerate(items)}
    return message(", ".join("{" + name + "}" for name in names), **names)


def _rendered(value: Any, translate: Callable[[str], str] | None) -> Any:
    return value.render(translate) if isinstance(value, Message) else value


def _jsonable(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    return value if isinstance(value, str | int | float) or value is None else str(value)


class TalentBridgeError(Exception):
    status_code = 400

    def __init__(self, message: str | Message) -> None:
        super().__init__(str(message))
        self.message = message

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        """The message in the language of `translate` (English without it)."""
        return self.message.render(translate) if isinstance(self.message, Message) else self.message


class NotFound(TalentBridgeError):
    status_code = 404


class PermissionDenied(TalentBridgeError):
    status_code = 403


class Invalid(TalentBridgeError):
    status_code = 422
