"""The web dashboard: one-time sign-in links and server-side sessions.

Tokens and session ids are stored only as SHA-256 digests; rows go with their member and
community.

Revision ID: 0026
Revises: 0025
Create Date: 2027-02-12 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def _owners(table: str) -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f(f"fk_{table}_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f(f"fk_{table}_member_id_members"),
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "dashboard_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        *_owners("dashboard_links"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_dashboard_links_token_hash")),
    )
    op.create_index("ix_dashboard_links_community_id", "dashboard_links", ["community_id"])
    op.create_index("ix_dashboard_links_member_id", "dashboard_links", ["member_id"])
    op.create_table(
        "dashboard_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        *_owners("dashboard_sessions"),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_dashboard_sessions")),
    )
    op.create_index("ix_dashboard_sessions_community_id", "dashboard_sessions", ["community_id"])
    op.create_index("ix_dashboard_sessions_member_id", "dashboard_sessions", ["member_id"])


def downgrade() -> None:
    op.drop_table("dashboard_sessions")
    op.drop_table("dashboard_links")
