"""The docs guard: every CLI command, setting, feed layout and normaliser is documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main

from talentbridge.cli import app
from talentbridge.config import Settings
from talentbridge.feeds.mapping import all_layouts
from talentbridge.feeds.normalise import NORMALISERS

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
MAPPINGS = (REPO / "docs" / "mappings.md").read_text(encoding="utf-8")


def _commands(command: Any, prefix: str) -> list[str]:
    if hasattr(command, "commands"):  # a group (Typer ships its own click)
        found: list[str] = []
        for name, sub in command.commands.items():
            found.extend(_commands(sub, f"{prefix} {name}"))
        return found
    return [prefix]


COMMANDS = _commands(typer.main.get_command(app), "talentbridge")


def test_the_cli_has_the_commands_the_issue_names() -> None:
    for command in ("talentbridge import", "talentbridge export records", "talentbridge generate feeds"):
        assert command in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_cli_command_is_in_the_readme(command: str) -> None:
    assert f"`{command}" in README, f"document `{command}` in README.md"


@pytest.mark.parametrize("setting", sorted(Settings.model_fields))
def test_every_setting_is_in_the_readme(setting: str) -> None:
    assert f"TALENTBRIDGE_{setting.upper()}" in README, f"document TALENTBRIDGE_{setting.upper()} in README.md"


@pytest.mark.parametrize("layout", sorted(all_layouts()))
def test_every_feed_layout_is_documented(layout: str) -> None:
    assert f"`{layout}`" in README
    assert f"`{layout}`" in MAPPINGS


@pytest.mark.parametrize("name", sorted(NORMALISERS))
def test_every_normaliser_is_in_the_mapping_docs(name: str) -> None:
    assert f"| `{name}` |" in MAPPINGS, f"add `{name}` to the normaliser table in docs/mappings.md"
