"""drop two indexes no query uses: persons.status and golden_records.offerable

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

Both columns hold one value for nearly every row (active persons; offerable golden
records), so no query is helped by them: the queries on them read most of the table.
Every consolidation still paid for them: a million index entries each, written at every
full run.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index(op.f("ix_persons_status"), table_name="persons")
    op.drop_index(op.f("ix_golden_records_offerable"), table_name="golden_records")


def downgrade() -> None:
    op.create_index(op.f("ix_golden_records_offerable"), "golden_records", ["offerable"])
    op.create_index(op.f("ix_persons_status"), "persons", ["status"])
