"""business talks, never two at once for one specialist

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "talks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=80), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("holds_time", sa.Boolean(), nullable=False),
        sa.Column("format", sa.String(length=12), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("questions", sa.Text(), nullable=True),
        sa.Column("booked_by", sa.String(length=80), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("cancelled_by", sa.String(length=80), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("blocked_until >= ends_at AND ends_at > starts_at", name=op.f("ck_talks_times")),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_talks_company_id_companies")),
        sa.ForeignKeyConstraint(["specialist_id"], ["specialists.id"], name=op.f("fk_talks_specialist_id_specialists")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talks")),
        sa.UniqueConstraint("uid", name=op.f("uq_talks_uid")),
    )
    op.create_index(op.f("ix_talks_company_id"), "talks", ["company_id"])
    op.create_index("ix_talks_specialist_starts", "talks", ["specialist_id", "starts_at"])
    if op.get_bind().dialect.name == "postgresql":
        # The database itself refuses two talks of one specialist that hold overlapping
        # time (buffer included): whatever the application checked, it cannot slip.
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE talks ADD CONSTRAINT ex_talks_no_overlap EXCLUDE USING gist "
            "(specialist_id WITH =, tstzrange(starts_at, blocked_until, '[)') WITH &&) WHERE (holds_time)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE talks DROP CONSTRAINT ex_talks_no_overlap")
    op.drop_index("ix_talks_specialist_starts", table_name="talks")
    op.drop_index(op.f("ix_talks_company_id"), table_name="talks")
    op.drop_table("talks")
