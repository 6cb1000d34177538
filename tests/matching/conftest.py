"""A small consolidated register with companies and needs, shared by the matching tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from talentbridge.companies.generate import generate_companies
from talentbridge.feeds import service as feeds
from talentbridge.registry import service as registry

FILES = (
    "maff-agri.csv",
    "meti-mfg.jsonl",
    "mhlw-hellowork.xlsx",
    "jasso-graduates.csv",
    "consortium-companies.csv",
    "company-needs.jsonl",
)


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from talentbridge.feeds.generate import generate_feeds

    folder = tmp_path_factory.mktemp("register")
    generate_feeds(folder, persons=400, seed=31)
    generate_companies(folder, companies=40, seed=31)
    return folder


def load(session: Session, folder: Path) -> None:
    for name in FILES:
        feeds.import_feed(session, folder / name)
    registry.consolidate(session)


@pytest.fixture(scope="session")
def loader():
    """`load(session, folder)`: import the register's six files and consolidate them."""
    return load
