"""slots held while a company fills in the booking form

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slot_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_slot_holds_company_id_companies")),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["specialists.id"],
            name=op.f("fk_slot_holds_specialist_id_specialists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_holds")),
        sa.UniqueConstraint("token", name=op.f("uq_slot_holds_token")),
    )
    op.create_index("ix_slot_holds_specialist_expires", "slot_holds", ["specialist_id", "expires_at"])


def downgrade() -> None:
    op.drop_index("ix_slot_holds_specialist_expires", table_name="slot_holds")
    op.drop_table("slot_holds")
