"""Schedule versions: a change counter on each schedule, so other processes notice changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 07:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch: rebuilding `schedules` on SQLite could drop its
    # AUTOINCREMENT, and schedule ids must never be reused (they key the ledger).
    op.add_column(
        "schedules", sa.Column("version", sa.Integer(), server_default="0", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("schedules", "version")
