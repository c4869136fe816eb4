"""Topics, schedules, the occurrence ledger, topic posts and responses, breaks.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 06:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
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
    with op.batch_alter_table("communities") as batch:
        batch.add_column(
            sa.Column("starter_topic_index", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("suggested_by", sa.Integer(), nullable=True),
        sa.Column("times_used", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        _fk("topics", "community_id", "communities", "CASCADE"),
        _fk("topics", "suggested_by", "members", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
    )
    op.create_index(op.f("ix_topics_community_id"), "topics", ["community_id"])
    op.create_index(op.f("ix_topics_suggested_by"), "topics", ["suggested_by"])
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel_external_id", sa.String(length=64), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("anchor_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("schedules", "community_id", "communities", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
        sa.UniqueConstraint(
            "community_id",
            "kind",
            "channel_external_id",
            name=op.f("uq_schedules_community_id"),
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_schedules_community_id"), "schedules", ["community_id"])
    op.create_table(
        "occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=True),
        _fk("occurrences", "schedule_id", "schedules", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occurrences")),
        sa.UniqueConstraint("schedule_id", "due_at", name=op.f("uq_occurrences_schedule_id")),
    )
    op.create_table(
        "topic_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("schedule_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("channel_external_id", sa.String(length=64), nullable=False),
        sa.Column("message_external_id", sa.String(length=64), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        _fk("topic_posts", "community_id", "communities", "CASCADE"),
        _fk("topic_posts", "topic_id", "topics", "SET NULL"),
        _fk("topic_posts", "schedule_id", "schedules", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_posts")),
    )
    op.create_index(
        "ix_topic_posts_message", "topic_posts", ["community_id", "message_external_id"]
    )
    op.create_table(
        "topic_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_post_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("message_external_id", sa.String(length=64), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=False),
        _fk("topic_responses", "topic_post_id", "topic_posts", "CASCADE"),
        _fk("topic_responses", "member_id", "members", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_responses")),
        sa.UniqueConstraint(
            "topic_post_id", "message_external_id", name=op.f("uq_topic_responses_topic_post_id")
        ),
    )
    op.create_index(op.f("ix_topic_responses_topic_post_id"), "topic_responses", ["topic_post_id"])
    op.create_index(op.f("ix_topic_responses_member_id"), "topic_responses", ["member_id"])
    op.create_table(
        "breaks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        _fk("breaks", "community_id", "communities", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breaks")),
        sa.UniqueConstraint("community_id", "starts_on", name=op.f("uq_breaks_community_id")),
    )


def downgrade() -> None:
    op.drop_table("breaks")
    op.drop_table("topic_responses")
    op.drop_table("topic_posts")
    op.drop_table("occurrences")
    op.drop_table("schedules")
    op.drop_table("topics")
    with op.batch_alter_table("communities") as batch:
        batch.drop_column("starter_topic_index")
