"""after a talk: the advice given, next steps, the company's rating; specialists' accounts

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
        batch.add_column(sa.Column("specialist_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_users_specialist_id"), ["specialist_id"])
        batch.create_foreign_key(
            batch.f("fk_users_specialist_id_specialists"), "specialists", ["specialist_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(batch.f("fk_users_specialist_id_specialists"), type_="foreignkey")
        batch.drop_index(batch.f("ix_users_specialist_id"))
        batch.drop_column("specialist_id")
    with op.batch_alter_table("talks") as batch:
        batch.drop_column("rating_comment")
        batch.drop_column("rating")
        batch.drop_column("next_steps")
        batch.drop_column("advice")
