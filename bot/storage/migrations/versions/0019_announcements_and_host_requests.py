"""Announcements with their reads, and host requests (cards the hosts claim).

Both features of this round's two issues share this one migration (0019); nothing existing
is changed.

Revision ID: 0019
Revises: 0018
Create Date: 2027-02-03 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _fk(
    table: str, column: str, referred: str, ondelete: str = "CASCADE"
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{referred}.id"],
        name=op.f(f"fk_{table}_{column}_{referred}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    _announcements()
    _host_requests()


def _announcements() -> None:
    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("channel_external_id", sa.String(length=64), nullable=False),
        sa.Column("message_external_id", sa.String(length=64), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        _fk("announcements", "community_id", "communities"),
        _fk("announcements", "cohort_id", "cohorts"),
        _fk("announcements", "author_id", "members", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    for column in ("community_id", "cohort_id", "posted_at"):
        op.create_index(op.f(f"ix_announcements_{column}"), "announcements", [column], unique=False)
    op.create_table(
        "announcement_reads",
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        _fk("announcement_reads", "announcement_id", "announcements"),
        _fk("announcement_reads", "member_id", "members"),
        sa.PrimaryKeyConstraint("announcement_id", "member_id", name=op.f("pk_announcement_reads")),
    )
    op.create_index(
        op.f("ix_announcement_reads_member_id"), "announcement_reads", ["member_id"], unique=False
    )


def _host_requests() -> None:
    op.create_table(
        "host_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("card_channel_external_id", sa.String(length=64), nullable=True),
        sa.Column("card_message_external_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        _fk("host_requests", "community_id", "communities"),
        _fk("host_requests", "member_id", "members"),
        _fk("host_requests", "topic_id", "topics"),
        _fk("host_requests", "claimed_by", "members", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_host_requests")),
        sa.UniqueConstraint("topic_id", name=op.f("uq_host_requests_topic_id")),
    )
    for column in ("community_id", "member_id"):
        op.create_index(op.f(f"ix_host_requests_{column}"), "host_requests", [column], unique=False)


def downgrade() -> None:
    op.drop_table("host_requests")
    op.drop_table("announcement_reads")
    op.drop_table("announcements")
