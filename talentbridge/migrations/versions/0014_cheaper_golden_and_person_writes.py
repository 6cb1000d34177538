"""cheaper golden records and persons to write: three indexes go, golden_builds comes

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

persons.status and golden_records.offerable hold one value for nearly every row (active
persons; offerable golden records): the queries on them read most of the table, and no
query was helped by their indexes. golden_records.built_at was indexed only for its
newest value, which told the matching index whether the golden records changed; a row of
golden_builds per rebuild says it now. Every full consolidation wrote a million entries
into each of the three.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index(op.f("ix_persons_status"), table_name="persons")
    op.drop_index(op.f("ix_golden_records_offerable"), table_name="golden_records")
    op.drop_index(op.f("ix_golden_records_built_at"), table_name="golden_records")
    op.create_table(
        "golden_builds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golden_builds")),
    )


def downgrade() -> None:
    op.drop_table("golden_builds")
    op.create_index(op.f("ix_golden_records_built_at"), "golden_records", ["built_at"])
    op.create_index(op.f("ix_golden_records_offerable"), "golden_records", ["offerable"])
    op.create_index(op.f("ix_persons_status"), "persons", ["status"])
