"""Languages: the community's (`/setup language`), a member's own (`/profile language`) and the
locale of a member's last interaction (Discord's interaction locale, Slack's users.info locale).

Revision ID: 0027
Revises: 0026
Create Date: 2027-03-01 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("communities") as table:
        table.add_column(sa.Column("language", sa.String(16), nullable=True))
    with op.batch_alter_table("members") as table:
        table.add_column(sa.Column("language", sa.String(16), nullable=True))
        table.add_column(sa.Column("locale", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as table:
        table.drop_column("locale")
        table.drop_column("language")
    with op.batch_alter_table("communities") as table:
        table.drop_column("language")
