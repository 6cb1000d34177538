"""companies, their hiring needs, whom a user acts for, golden records by build time

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _feed_columns() -> list[sa.Column]:
    return [
        sa.Column("feed", sa.String(length=40), nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("last_import_id", sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("corporate_number", sa.String(length=13), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefecture", sa.String(length=2), nullable=True),
        sa.Column("industry", sa.String(length=100), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("capital_man_yen", sa.Integer(), nullable=True),
        sa.Column("hs_codes", sa.Text(), nullable=False),
        sa.Column("exports_already", sa.Boolean(), nullable=True),
        sa.Column("target_markets", sa.Text(), nullable=False),
        sa.Column("tier", sa.String(length=12), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        *_feed_columns(),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint("corporate_number", name=op.f("uq_companies_corporate_number")),
    )
    op.create_index(op.f("ix_companies_status"), "companies", ["status"])
    op.create_table(
        "needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_key", sa.String(length=40), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=80), nullable=True),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("target_markets", sa.Text(), nullable=False),
        sa.Column("sectors", sa.Text(), nullable=False),
        sa.Column("hs_codes", sa.Text(), nullable=False),
        sa.Column("skills", sa.Text(), nullable=False),
        sa.Column("prefecture", sa.String(length=2), nullable=True),
        sa.Column("work_eligible_only", sa.Boolean(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        *_feed_columns(),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_needs_company_id_companies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs")),
        sa.UniqueConstraint("need_key", name=op.f("uq_needs_need_key")),
    )
    op.create_index("ix_needs_company_status", "needs", ["company_id", "status"])
    op.create_index(op.f("ix_needs_status"), "needs", ["status"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("company_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_users_company_id"), ["company_id"])
        batch.create_index(batch.f("ix_users_person_id"), ["person_id"])
        batch.create_foreign_key(batch.f("fk_users_company_id_companies"), "companies", ["company_id"], ["id"])
        batch.create_foreign_key(batch.f("fk_users_person_id_persons"), "persons", ["person_id"], ["id"])
    op.create_index(op.f("ix_golden_records_built_at"), "golden_records", ["built_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_golden_records_built_at"), table_name="golden_records")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(batch.f("fk_users_person_id_persons"), type_="foreignkey")
        batch.drop_constraint(batch.f("fk_users_company_id_companies"), type_="foreignkey")
        batch.drop_index(batch.f("ix_users_person_id"))
        batch.drop_index(batch.f("ix_users_company_id"))
        batch.drop_column("person_id")
        batch.drop_column("company_id")
    op.drop_index(op.f("ix_needs_status"), table_name="needs")
    op.drop_index("ix_needs_company_status", table_name="needs")
    op.drop_table("needs")
    op.drop_index(op.f("ix_companies_status"), table_name="companies")
    op.drop_table("companies")
