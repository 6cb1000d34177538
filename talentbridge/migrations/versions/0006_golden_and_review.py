"""golden records and the steward's review queue

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("linkage_runs") as batch:
        batch.add_column(sa.Column("keys_file", sa.String(length=80), nullable=True))
    op.create_table(
        "golden_records",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("offerable", sa.Boolean(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_golden_records_person_id_persons")),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_golden_records")),
    )
    op.create_index(op.f("ix_golden_records_offerable"), "golden_records", ["offerable"])
    op.create_table(
        "review_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_a", sa.Integer(), nullable=False),
        sa.Column("record_b", sa.Integer(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_a"], ["source_records.id"], name=op.f("fk_review_pairs_record_a_source_records")
        ),
        sa.ForeignKeyConstraint(
            ["record_b"], ["source_records.id"], name=op.f("fk_review_pairs_record_b_source_records")
        ),
        sa.ForeignKeyConstraint(["run_id"], ["linkage_runs.id"], name=op.f("fk_review_pairs_run_id_linkage_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_pairs")),
        sa.UniqueConstraint("record_a", "record_b", name="uq_review_pairs_record_a"),
    )
    op.create_index(op.f("ix_review_pairs_record_b"), "review_pairs", ["record_b"])
    op.create_index(op.f("ix_review_pairs_status"), "review_pairs", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_review_pairs_status"), table_name="review_pairs")
    op.drop_index(op.f("ix_review_pairs_record_b"), table_name="review_pairs")
    op.drop_table("review_pairs")
    op.drop_index(op.f("ix_golden_records_offerable"), table_name="golden_records")
    op.drop_table("golden_records")
    with op.batch_alter_table("linkage_runs") as batch:
        batch.drop_column("keys_file")
