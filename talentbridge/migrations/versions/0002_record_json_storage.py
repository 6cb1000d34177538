"""source record JSON stored as text, compressed with lz4 on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

An import writes every record's canonical data and raw row. On PostgreSQL, JSONB parsed
each document on write and pglz compressed the rows too long to fit a page; the
application only ever reads the two columns whole, so plain JSON (text) with lz4, a
compressor many times as fast, does the same job for about half the server's work.
SQLite stores both as text already: nothing changes there.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("source_records", "data"),
    ("source_records", "raw"),
    ("source_record_versions", "data"),
    ("source_record_versions", "raw"),
)


def _lz4(compression: str) -> None:
    # A server built without lz4 keeps its default: slower, not wrong.
    statements = "; ".join(
        f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {compression}" for table, column in _COLUMNS
    )
    op.execute(
        f"DO $$ BEGIN {statements}; EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL; END $$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("source_records", "source_record_versions"):
        op.execute(f"ALTER TABLE {table} ALTER COLUMN data TYPE json USING data::json")
    _lz4("lz4")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _lz4("pglz")
    for table in ("source_records", "source_record_versions"):
        op.execute(f"ALTER TABLE {table} ALTER COLUMN data TYPE jsonb USING data::jsonb")
