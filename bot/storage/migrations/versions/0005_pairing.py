"""Buddy pairing: opt-ins, rounds, groups and their members with check-in answers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 01:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, referred: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{referred}.id"],
        name=op.f(f"fk_{table}_{column}_{referred}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "buddy_optins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("auto_paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ignored_checkins", sa.Integer(), server_default="0", nullable=False),
        _fk("buddy_optins", "community_id", "communities", "CASCADE"),
        _fk("buddy_optins", "member_id", "members", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buddy_optins")),
        sa.UniqueConstraint("member_id", name=op.f("uq_buddy_optins_member_id")),
    )
    op.create_index(op.f("ix_buddy_optins_community_id"), "buddy_optins", ["community_id"])
    op.create_table(
        "buddy_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checkin_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        _fk("buddy_rounds", "community_id", "communities", "CASCADE"),
        _fk("buddy_rounds", "schedule_id", "schedules", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buddy_rounds")),
        sa.UniqueConstraint("community_id", "number", name=op.f("uq_buddy_rounds_community_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_buddy_rounds_checkin_at"), "buddy_rounds", ["checkin_at"])
    op.create_index(op.f("ix_buddy_rounds_closes_at"), "buddy_rounds", ["closes_at"])
    op.create_table(
        "buddy_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("channel_external_id", sa.String(length=64), nullable=True),
        sa.Column("message_external_id", sa.String(length=64), nullable=True),
        sa.Column("checkin", sa.String(length=16), nullable=True),
        _fk("buddy_groups", "round_id", "buddy_rounds", "CASCADE"),
        _fk("buddy_groups", "community_id", "communities", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buddy_groups")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_buddy_groups_round_id"), "buddy_groups", ["round_id"])
    op.create_index(op.f("ix_buddy_groups_community_id"), "buddy_groups", ["community_id"])
    op.create_index(op.f("ix_buddy_groups_checkin"), "buddy_groups", ["checkin"])
    op.create_table(
        "buddy_group_members",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        _fk("buddy_group_members", "group_id", "buddy_groups", "CASCADE"),
        _fk("buddy_group_members", "member_id", "members", "CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "member_id", name=op.f("pk_buddy_group_members")),
    )
    op.create_index(op.f("ix_buddy_group_members_member_id"), "buddy_group_members", ["member_id"])


def downgrade() -> None:
    op.drop_table("buddy_group_members")
    op.drop_table("buddy_groups")
    op.drop_table("buddy_rounds")
    op.drop_table("buddy_optins")
