"""Initial schema: communities, members, interests, channels, role levels, guidelines.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 22:35:48.810104
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "communities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communities")),
        sa.UniqueConstraint("platform", "external_id", name=op.f("uq_communities_platform")),
    )
    op.create_table(
        "channel_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("channel_external_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_channel_assignments_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_assignments")),
        sa.UniqueConstraint(
            "community_id", "purpose", name=op.f("uq_channel_assignments_community_id")
        ),
    )
    op.create_table(
        "guidelines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_guidelines_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guidelines")),
    )
    with op.batch_alter_table("guidelines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guidelines_community_id"), ["community_id"], unique=False
        )

    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("level_override", sa.Integer(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_active_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_members_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("community_id", "external_id", name=op.f("uq_members_community_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_members_community_id"), ["community_id"], unique=False)

    op.create_table(
        "role_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("role_external_id", sa.String(length=64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_role_levels_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_levels")),
        sa.UniqueConstraint(
            "community_id", "role_external_id", name=op.f("uq_role_levels_community_id")
        ),
    )
    op.create_table(
        "member_interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("interest", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_interests_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_interests")),
        sa.UniqueConstraint("member_id", "interest", name=op.f("uq_member_interests_member_id")),
    )
    with op.batch_alter_table("member_interests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_interests_member_id"), ["member_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("member_interests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_interests_member_id"))

    op.drop_table("member_interests")
    op.drop_table("role_levels")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_community_id"))

    op.drop_table("members")
    with op.batch_alter_table("guidelines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guidelines_community_id"))

    op.drop_table("guidelines")
    op.drop_table("channel_assignments")
    op.drop_table("communities")
