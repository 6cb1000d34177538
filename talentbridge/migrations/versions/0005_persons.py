"""persons: linkage runs, persons, which source records each holds, merges and splits

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "linkage_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_by", sa.String(length=80), nullable=True),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("links", sa.Integer(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("merged", sa.Integer(), nullable=False),
        sa.Column("split", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Integer(), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("readings", sa.Text(), nullable=False),
        sa.Column("seconds", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_runs")),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_run_id", sa.Integer(), nullable=False),
        sa.Column("last_run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_run_id"], ["linkage_runs.id"], name=op.f("fk_persons_created_by_run_id_linkage_runs")
        ),
        sa.ForeignKeyConstraint(["last_run_id"], ["linkage_runs.id"], name=op.f("fk_persons_last_run_id_linkage_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    op.create_index(op.f("ix_persons_status"), "persons", ["status"])
    op.create_table(
        "person_records",
        sa.Column("source_record_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_person_records_person_id_persons")),
        sa.ForeignKeyConstraint(["run_id"], ["linkage_runs.id"], name=op.f("fk_person_records_run_id_linkage_runs")),
        sa.ForeignKeyConstraint(
            ["source_record_id"], ["source_records.id"], name=op.f("fk_person_records_source_record_id_source_records")
        ),
        sa.PrimaryKeyConstraint("source_record_id", name=op.f("pk_person_records")),
    )
    op.create_index(op.f("ix_person_records_person_id"), "person_records", ["person_id"])
    op.create_table(
        "person_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("other_person_id", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["other_person_id"], ["persons.id"], name=op.f("fk_person_events_other_person_id_persons")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_person_events_person_id_persons")),
        sa.ForeignKeyConstraint(["run_id"], ["linkage_runs.id"], name=op.f("fk_person_events_run_id_linkage_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_events")),
    )
    op.create_index(op.f("ix_person_events_person_id"), "person_events", ["person_id"])
    op.create_index(op.f("ix_person_events_run_id"), "person_events", ["run_id"])


def downgrade() -> None:
    op.drop_table("person_events")
    op.drop_table("person_records")
    op.drop_table("persons")
    op.drop_table("linkage_runs")
