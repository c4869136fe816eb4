"""Moderation: the case log and the flag queue.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 01:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
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
        "mod_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("guideline", sa.Text(), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=True),
        sa.Column("duration_seconds", sa.Integer(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("automatic", sa.Boolean(), server_default=sa.false(), nullable=False),
        _fk("mod_cases", "community_id", "communities", "CASCADE"),
        _fk("mod_cases", "member_id", "members", "SET NULL"),
        _fk("mod_cases", "moderator_id", "members", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mod_cases")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_mod_cases_community_id"), "mod_cases", ["community_id"])
    op.create_index(op.f("ix_mod_cases_moderator_id"), "mod_cases", ["moderator_id"])
    op.create_index("ix_mod_cases_member", "mod_cases", ["member_id", "kind", "expires_at"])
    op.create_table(
        "mod_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.String(length=200), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("channel_external_id", sa.String(length=64), nullable=True),
        sa.Column("message_external_id", sa.String(length=64), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=True),
        sa.Column("already_done", sa.String(length=200), nullable=True),
        sa.Column("card_channel_external_id", sa.String(length=64), nullable=True),
        sa.Column("card_message_external_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("reannounced_at", sa.DateTime(timezone=True), nullable=True),
        _fk("mod_flags", "community_id", "communities", "CASCADE"),
        _fk("mod_flags", "author_id", "members", "CASCADE"),
        _fk("mod_flags", "reporter_id", "members", "SET NULL"),
        _fk("mod_flags", "handled_by", "members", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mod_flags")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_mod_flags_community_id"), "mod_flags", ["community_id"])
    op.create_index(op.f("ix_mod_flags_author_id"), "mod_flags", ["author_id"])
    op.create_index(op.f("ix_mod_flags_reporter_id"), "mod_flags", ["reporter_id"])
    op.create_index(
        "ix_mod_flags_unhandled", "mod_flags", ["handled_at", "reannounced_at", "created_at"]
    )


def downgrade() -> None:
    op.drop_table("mod_flags")
    op.drop_table("mod_cases")
