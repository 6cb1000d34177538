"""overseas specialists, their weekly hours and date overrides

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "specialists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("specialist_key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("city", sa.String(length=80), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("sectors", sa.Text(), nullable=False),
        sa.Column("markets", sa.Text(), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("background", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("vetted_by", sa.String(length=80), nullable=True),
        sa.Column("vetted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("vetting_notes", sa.Text(), nullable=True),
        sa.Column("buffer_minutes", sa.Integer(), nullable=False),
        sa.Column("notice_hours", sa.Integer(), nullable=False),
        sa.Column("max_talks_per_day", sa.Integer(), nullable=False),
        sa.Column("hours_source", sa.String(length=8), nullable=False),
        sa.Column("feed", sa.String(length=40), nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("last_import_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_specialists")),
        sa.UniqueConstraint("specialist_key", name=op.f("uq_specialists_specialist_key")),
    )
    op.create_index(op.f("ix_specialists_status"), "specialists", ["status"])
    op.create_table(
        "weekly_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("end_minute", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["specialists.id"],
            name=op.f("fk_weekly_hours_specialist_id_specialists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_hours")),
    )
    op.create_index(op.f("ix_weekly_hours_specialist_id"), "weekly_hours", ["specialist_id"])
    op.create_table(
        "date_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=True),
        sa.Column("end_minute", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["specialists.id"],
            name=op.f("fk_date_overrides_specialist_id_specialists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_date_overrides")),
    )
    op.create_index("ix_date_overrides_specialist_day", "date_overrides", ["specialist_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_date_overrides_specialist_day", table_name="date_overrides")
    op.drop_table("date_overrides")
    op.drop_index(op.f("ix_weekly_hours_specialist_id"), table_name="weekly_hours")
    op.drop_table("weekly_hours")
    op.drop_index(op.f("ix_specialists_status"), table_name="specialists")
    op.drop_table("specialists")
