"""introductions, their steps, and provision records

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "introductions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_introductions_company_id_companies")),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"], name=op.f("fk_introductions_need_id_needs")),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_introductions_person_id_persons")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introductions")),
        sa.UniqueConstraint("need_id", "person_id", name="uq_introductions_need_person"),
    )
    op.create_index(op.f("ix_introductions_company_id"), "introductions", ["company_id"])
    op.create_index("ix_introductions_person_status", "introductions", ["person_id", "status"])
    op.create_table(
        "introduction_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("introduction_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["introduction_id"],
            ["introductions.id"],
            name=op.f("fk_introduction_steps_introduction_id_introductions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introduction_steps")),
    )
    op.create_index(op.f("ix_introduction_steps_introduction_id"), "introduction_steps", ["introduction_id"])
    op.create_table(
        "provision_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("introduction_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("recipient_company_id", sa.Integer(), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column("consent", sa.Text(), nullable=False),
        sa.Column("provided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provided_by", sa.String(length=80), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stop_reason", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["introduction_id"], ["introductions.id"], name=op.f("fk_provision_records_introduction_id_introductions")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_provision_records_person_id_persons")),
        sa.ForeignKeyConstraint(
            ["recipient_company_id"], ["companies.id"], name=op.f("fk_provision_records_recipient_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provision_records")),
    )
    op.create_index(op.f("ix_provision_records_introduction_id"), "provision_records", ["introduction_id"])
    op.create_index(op.f("ix_provision_records_person_id"), "provision_records", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_provision_records_person_id"), table_name="provision_records")
    op.drop_index(op.f("ix_provision_records_introduction_id"), table_name="provision_records")
    op.drop_table("provision_records")
    op.drop_index(op.f("ix_introduction_steps_introduction_id"), table_name="introduction_steps")
    op.drop_table("introduction_steps")
    op.drop_index("ix_introductions_person_status", table_name="introductions")
    op.drop_index(op.f("ix_introductions_company_id"), table_name="introductions")
    op.drop_table("introductions")
