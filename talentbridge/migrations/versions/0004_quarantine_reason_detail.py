"""quarantined rows keep their reason as a message any language renders

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

`reason` stays, in English, for the API and the command line; `reason_detail` holds the
same reason as a template and its values (talentbridge.feeds.errors.Message), so the
steward's page shows it in Japanese or English. Rows quarantined before have none and
are shown in English.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("quarantined_rows", sa.Column("reason_detail", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quarantined_rows") as batch:
        batch.drop_column("reason_detail")
