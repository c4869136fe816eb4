"""Participation: daily activity counts, first posts and nudge preferences, questions, nudges.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 01:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{referred}.id"],
        name=op.f(f"fk_{table}_{column}_{referred}"),
        ondelete="CASCADE",
    )


def _when(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "daily_activity",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("replies", sa.Integer(), nullable=False),
        _fk("daily_activity", "member_id", "members"),
        _fk("daily_activity", "community_id", "communities"),
        sa.PrimaryKeyConstraint("member_id", "day", name=op.f("pk_daily_activity")),
    )
    op.create_index("ix_daily_activity_community_day", "daily_activity", ["community_id", "day"])
    op.create_table(
        "participation",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        _when("first_post_at"),
        sa.Column("is_bot", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("nudges_off", sa.Boolean(), server_default="0", nullable=False),
        _when("snoozed_until"),
        _when("last_nudged_at"),
        _fk("participation", "member_id", "members"),
        _fk("participation", "community_id", "communities"),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_participation")),
    )
    op.create_index(op.f("ix_participation_community_id"), "participation", ["community_id"])
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("message_external_id", sa.String(length=64), nullable=False),
        _when("asked_at", nullable=False),
        _when("answered_at"),
        _fk("questions", "community_id", "communities"),
        _fk("questions", "member_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
        sa.UniqueConstraint(
            "community_id", "message_external_id", name=op.f("uq_questions_community_id")
        ),
    )
    op.create_index("ix_questions_community_asked", "questions", ["community_id", "asked_at"])
    op.create_index(op.f("ix_questions_member_id"), "questions", ["member_id"])
    op.create_table(
        "nudges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _when("claimed_at", nullable=False),
        _when("sent_at"),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        _when("answered_at"),
        _fk("nudges", "community_id", "communities"),
        _fk("nudges", "member_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nudges")),
    )
    op.create_index("ix_nudges_community_claimed", "nudges", ["community_id", "claimed_at"])
    op.create_index(op.f("ix_nudges_member_id"), "nudges", ["member_id"])


def downgrade() -> None:
    op.drop_table("nudges")
    op.drop_table("questions")
    op.drop_table("participation")
    op.drop_table("daily_activity")
