"""Fixtures: every database test runs on SQLite and again on PostgreSQL.

PostgreSQL is the server at 127.0.0.1:5432 (override with TALENTBRIDGE_TEST_POSTGRES_URL).
When it does not answer, its tests are skipped locally and fail in CI (CI=true), so a
green CI always means both databases passed.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from talentbridge import config, db, migrate
from talentbridge.models import Base

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TALENTBRIDGE_SHARED_DIR", REPO.parent / "shared"))
SAMPLES = SHARED / "feeds" / "samples"
# Linkage runs cache their keys as files: never in the working tree during tests.
os.environ.setdefault("TALENTBRIDGE_LINKAGE_CACHE_DIR", tempfile.mkdtemp(prefix="talentbridge-linkage-"))
POSTGRES_URL = os.environ.get("TALENTBRIDGE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_database(worker: str) -> str | None:
    """Create a fresh database for this test worker; None when the server does not answer."""
    admin = db.make_engine(POSTGRES_URL)
    name = f"talentbridge_test_{worker}_{uuid.uuid4().hex[:6]}"
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means: no server to test against
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is required in CI and did not answer: {exc}")
        return None
    finally:
        admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(url: str) -> None:
    admin = db.make_engine(POSTGRES_URL)
    name = make_url(url).database
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "talentbridge.db"
        url = f"sqlite:///{path}"
        engine = db.make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url
        return
    url = _postgres_database(worker)
    if url is None:
        pytest.skip("PostgreSQL does not answer at 127.0.0.1:5432")
    engine = db.make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield url
    _drop_postgres_database(url)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


def _empty_tables(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def app_database(database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """Points the package's own engine (CLI, web app) at the test database; the tables are
    emptied afterwards, since those code paths commit."""
    monkeypatch.setenv("TALENTBRIDGE_DATABASE_URL", database_url)
    monkeypatch.setenv("TALENTBRIDGE_UPLOAD_DIR", str(tmp_path / "uploads"))
    config.get_settings.cache_clear()
    db.reset_caches()
    try:
        yield database_url
    finally:
        db.reset_caches()
        config.get_settings.cache_clear()
        _empty_tables(engine)


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"the shared feed samples are not at {SAMPLES}; set TALENTBRIDGE_SHARED_DIR")
    return SAMPLES


@pytest.fixture
def engine_session(engine: Engine) -> Iterator[Session]:
    """A plain session that sees what the CLI and the web app committed."""
    with Session(engine) as session:
        yield session
