"""after a talk: the advice given, next steps, the company's rating; specialists'
accounts, users' e-mail, and the queue of mail to send

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("talks") as batch:
        batch.add_column(sa.Column("advice", sa.Text(), nullable=True))
        batch.add_column(sa.Column("next_steps", sa.Text(), nullable=True))
        batch.add_column(sa.Column("rating", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("rating_comment", sa.Text(), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(batch.f("uq_users_calendar_token"), ["calendar_token"])
        batch.add_column(sa.Column("specialist_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_users_specialist_id"), ["specialist_id"])
        batch.create_foreign_key(
            batch.f("fk_users_specialist_id_specialists"), "specialists", ["specialist_id"], ["id"]
        )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("talk_id", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("key", name=op.f("uq_jobs_key")),
    )
    op.create_index("ix_jobs_status_run_at", "jobs", ["status", "run_at"])
    op.create_index(op.f("ix_jobs_talk_id"), "jobs", ["talk_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_jobs_talk_id"), table_name="jobs")
    op.drop_index("ix_jobs_status_run_at", table_name="jobs")
    op.drop_table("jobs")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(batch.f("fk_users_specialist_id_specialists"), type_="foreignkey")
        batch.drop_index(batch.f("ix_users_specialist_id"))
        batch.drop_column("specialist_id")
        batch.drop_constraint(batch.f("uq_users_calendar_token"), type_="unique")
        batch.drop_column("calendar_token")
        batch.drop_column("email")
    with op.batch_alter_table("talks") as batch:
        batch.drop_column("rating_comment")
        batch.drop_column("rating")
        batch.drop_column("next_steps")
        batch.drop_column("advice")
