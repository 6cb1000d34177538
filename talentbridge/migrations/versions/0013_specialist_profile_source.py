"""a specialist's own profile: once they edit it, the feed no longer sets it

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("specialists") as batch:
        batch.add_column(sa.Column("profile_source", sa.String(length=8), nullable=False, server_default="feed"))


def downgrade() -> None:
    with op.batch_alter_table("specialists") as batch:
        batch.drop_column("profile_source")
