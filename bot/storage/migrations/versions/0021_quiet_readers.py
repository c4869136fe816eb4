"""Quiet readers: "I'm just reading" as a lasting status, and reactions as light participation.

Adds `participation.reading_since`, `members.last_reacted_at` and the `daily_reactions` counts
(how many reactions a member added each day; never which emoji). Members whose last answer to a
check-in was "fine, just reading" and who have not posted since become readers from that answer.

Revision ID: 0021
Revises: 0019
Create Date: 2027-02-10 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None

# The member's last answered check-in, correlated to the `participation` row being updated.
_LAST_ANSWER = (
    "SELECT {column} FROM nudges WHERE nudges.member_id = participation.member_id"
    " AND nudges.answered_at IS NOT NULL ORDER BY nudges.answered_at DESC, nudges.id DESC LIMIT 1"
)
_READERS = f"""
UPDATE participation SET reading_since = ({_LAST_ANSWER.format(column="answered_at")})
WHERE ({_LAST_ANSWER.format(column="outcome")}) = 'fine'
AND NOT EXISTS (
    SELECT 1 FROM members WHERE members.id = participation.member_id
    AND members.last_active_at > ({_LAST_ANSWER.format(column="answered_at")})
)
"""


def upgrade() -> None:
    with op.batch_alter_table("participation") as batch:
        batch.add_column(sa.Column("reading_since", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("last_reacted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "daily_reactions",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("reactions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_daily_reactions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_daily_reactions_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "day", name=op.f("pk_daily_reactions")),
    )
    op.create_index("ix_daily_reactions_community_day", "daily_reactions", ["community_id", "day"])
    op.execute(_READERS)


def downgrade() -> None:
    op.drop_index("ix_daily_reactions_community_day", table_name="daily_reactions")
    op.drop_table("daily_reactions")
    # SQLite rebuilds `members` to drop a column (`bot.storage.migrate` turns foreign keys off
    # meanwhile): it keeps AUTOINCREMENT and its high mark, so no forgotten id is used again.
    seq = _members_sequence()
    with op.batch_alter_table("members", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("last_reacted_at")
    if seq is not None:
        op.get_bind().execute(
            sa.text("UPDATE sqlite_sequence SET seq = max(seq, :seq) WHERE name = 'members'"),
            {"seq": seq},
        )
    with op.batch_alter_table("participation") as batch:
        batch.drop_column("reading_since")


def _members_sequence() -> int | None:
    """Return SQLite's AUTOINCREMENT high mark of `members` (None elsewhere)."""
    if op.get_bind().dialect.name != "sqlite":
        return None
    found = op.get_bind().execute(sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'members'"))
    return found.scalar_one_or_none()
