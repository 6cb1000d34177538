"""Generated registers shared by the registry's tests (made once per test process)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from talentbridge.feeds import service as feeds

LAYOUTS = ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv")


def import_all(session: Session, folder: Path, layouts: tuple[str, ...] = LAYOUTS) -> None:
    for name in layouts:
        feeds.import_feed(session, folder / name)


@pytest.fixture(scope="session")
def import_register() -> Callable[..., None]:
    """import_register(session, folder, layouts=LAYOUTS): import a generated register."""
    return import_all


@pytest.fixture(scope="session")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four layouts for 3,000 persons (about 4,500 source records)."""
    from talentbridge.feeds.generate import generate_feeds

    folder = tmp_path_factory.mktemp("register")
    generate_feeds(folder, persons=3000, seed=5)
    return folder


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from talentbridge.feeds.generate import generate_feeds

    folder = tmp_path_factory.mktemp("small")
    generate_feeds(folder, persons=400, seed=3)
    return folder
