"""after a talk: the advice given, next steps, the company's rating

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


def downgrade() -> None:
    with op.batch_alter_table("talks") as batch:
        batch.drop_column("rating_comment")
        batch.drop_column("rating")
        batch.drop_column("next_steps")
        batch.drop_column("advice")
