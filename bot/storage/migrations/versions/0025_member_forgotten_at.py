"""When a community last forgot a member: `communities.member_forgotten_at`.

A process keeps the member ids it has seen across its activity flushes. When a flush finds an
id gone (forgotten by another process), the activity buffered under it is written for the
member's new row only if all of it came after this time, and dropped otherwise: nothing from
before a forget is written back. Who was forgotten is not kept.

Revision ID: 0025
Revises: 0024
Create Date: 2027-02-09 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("communities") as table:
        table.add_column(
            sa.Column("member_forgotten_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("communities") as table:
        table.drop_column("member_forgotten_at")
