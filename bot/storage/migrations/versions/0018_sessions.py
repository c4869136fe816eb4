"""Study sessions: series, occurrences with their cards, answers, reminders sent, opt-outs.

Revision ID: 0018
Revises: 0017
Create Date: 2027-02-03 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{referred}.id"],
        name=op.f(f"fk_{table}_{column}_{referred}"),
        ondelete="CASCADE",
    )


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "session_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        _when("ended_at", nullable=True),
        _fk("session_series", "community_id", "communities"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_series")),
    )
    op.create_index(op.f("ix_session_series_community_id"), "session_series", ["community_id"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=100), nullable=False),
        _when("slot"),
        _when("starts_at"),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("channel_external_id", sa.String(length=64), nullable=False),
        sa.Column("card_message_id", sa.String(length=64), nullable=True),
        sa.Column("card_channel_id", sa.String(length=64), nullable=True),
        sa.Column("event_id", sa.String(length=64), nullable=True),
        sa.Column("sequence", sa.Integer(), server_default="0", nullable=False),
        _when("created_at"),
        _when("cancelled_at", nullable=True),
        _fk("sessions", "community_id", "communities"),
        _fk("sessions", "cohort_id", "cohorts"),
        _fk("sessions", "series_id", "session_series"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("series_id", "slot", name=op.f("uq_sessions_series_id")),
    )
    op.create_index(op.f("ix_sessions_community_id"), "sessions", ["community_id"])
    op.create_index(op.f("ix_sessions_cohort_id"), "sessions", ["cohort_id"])
    op.create_index(op.f("ix_sessions_starts_at"), "sessions", ["starts_at"])
    op.create_table(
        "session_answers",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=8), nullable=False),
        _when("answered_at"),
        sa.Column("attended", sa.Boolean(), nullable=True),
        _fk("session_answers", "session_id", "sessions"),
        _fk("session_answers", "member_id", "members"),
        sa.PrimaryKeyConstraint("session_id", "member_id", name=op.f("pk_session_answers")),
    )
    op.create_index(op.f("ix_session_answers_member_id"), "session_answers", ["member_id"])
    op.create_table(
        "session_notices",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        _when("claimed_at"),
        _when("sent_at", nullable=True),
        _fk("session_notices", "session_id", "sessions"),
        _fk("session_notices", "member_id", "members"),
        sa.PrimaryKeyConstraint("session_id", "kind", "member_id", name=op.f("pk_session_notices")),
    )
    op.create_index(op.f("ix_session_notices_member_id"), "session_notices", ["member_id"])
    op.create_table(
        "session_opt_outs",
        sa.Column("member_id", sa.Integer(), nullable=False),
        _fk("session_opt_outs", "member_id", "members"),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_session_opt_outs")),
    )


def downgrade() -> None:
    op.drop_table("session_opt_outs")
    op.drop_table("session_notices")
    op.drop_table("session_answers")
    op.drop_table("sessions")
    op.drop_table("session_series")
