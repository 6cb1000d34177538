"""source record JSON stored as plain text, uncompressed while a row fits a page

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

An import writes every record's canonical data and raw row, and PostgreSQL spent a
quarter of its work per row on them: parsing each document to check it is JSON (the
application wrote it with orjson a moment before) and compressing every row longer than
2 kB. The columns become text, and a row up to 8 kB (a page) is stored as it is; a
longer value is still compressed with lz4. The application reads both columns whole,
never inside them, so nothing else changes. SQLite stores them as text already.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("source_records", "source_record_versions")


def _lz4() -> None:
    # ALTER ... TYPE keeps a column's compression, but say it: a server built without
    # lz4 keeps its default, slower, not wrong.
    statements = "; ".join(
        f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION lz4"
        for table in _TABLES
        for column in ("data", "raw")
    )
    op.execute(
        f"DO $$ BEGIN {statements}; EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL; END $$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _TABLES:
        op.execute(
            f"ALTER TABLE {table} ALTER COLUMN data TYPE text USING data::text, "
            "ALTER COLUMN raw TYPE text USING raw::text"
        )
        op.execute(f"ALTER TABLE {table} SET (toast_tuple_target = 8160)")
    _lz4()


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _TABLES:
        op.execute(f"ALTER TABLE {table} RESET (toast_tuple_target)")
        op.execute(
            f"ALTER TABLE {table} ALTER COLUMN data TYPE json USING data::json, "
            "ALTER COLUMN raw TYPE json USING raw::json"
        )
    _lz4()
