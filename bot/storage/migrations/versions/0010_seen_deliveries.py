"""Seen deliveries: platform request ids acted on in the last minutes, so a redelivery is not.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seen_deliveries",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_seen_deliveries")),
    )
    op.create_index(op.f("ix_seen_deliveries_seen_at"), "seen_deliveries", ["seen_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_seen_deliveries_seen_at"), table_name="seen_deliveries")
    op.drop_table("seen_deliveries")
