"""Automatic filters: per-filter settings, blocked terms, regex rules, allowed domains, exemptions.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 01:15:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _community(table: str) -> list[Any]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f(f"fk_{table}_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "automod_filters",
        *_community("automod_filters"),
        sa.Column("filter", sa.String(length=16), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=True),
        sa.Column("window_seconds", sa.Integer(), nullable=True),
        sa.Column("timeout_seconds", sa.Integer(), nullable=False),
        sa.UniqueConstraint("community_id", "filter", name=op.f("uq_automod_filters_community_id")),
    )
    op.create_table(
        "automod_terms",
        *_community("automod_terms"),
        sa.Column("term", sa.String(length=60), nullable=False),
        sa.UniqueConstraint("community_id", "term", name=op.f("uq_automod_terms_community_id")),
    )
    op.create_table(
        "automod_patterns",
        *_community("automod_patterns"),
        sa.Column("pattern", sa.String(length=200), nullable=False),
        sa.UniqueConstraint(
            "community_id", "pattern", name=op.f("uq_automod_patterns_community_id")
        ),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "automod_domains",
        *_community("automod_domains"),
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.UniqueConstraint("community_id", "domain", name=op.f("uq_automod_domains_community_id")),
    )
    op.create_table(
        "automod_exemptions",
        *_community("automod_exemptions"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.UniqueConstraint(
            "community_id",
            "kind",
            "external_id",
            name=op.f("uq_automod_exemptions_community_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("automod_exemptions")
    op.drop_table("automod_domains")
    op.drop_table("automod_patterns")
    op.drop_table("automod_terms")
    op.drop_table("automod_filters")
