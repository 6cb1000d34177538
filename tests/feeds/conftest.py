"""Fixtures shared by the feed tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four layouts generated for 400 persons, with some unreadable rows."""
    from talentbridge.feeds.generate import generate_feeds

    folder = tmp_path_factory.mktemp("generated")
    generate_feeds(folder, persons=400, seed=11, bad_rows=0.02)
    return folder
