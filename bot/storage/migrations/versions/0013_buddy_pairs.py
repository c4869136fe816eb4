"""Buddy pairs: the newest round each two members met in, kept as rounds are recorded.

Backfilled from the groups already held (the latest round number per pair, as the self-join
that read the history before computed it), so grouping goes on exactly as before.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BACKFILL = """
INSERT INTO buddy_pairs (community_id, first_member_id, second_member_id, last_round)
SELECT buddy_groups.community_id, a.member_id, b.member_id, max(buddy_rounds.number)
FROM buddy_group_members AS a
JOIN buddy_group_members AS b ON b.group_id = a.group_id AND a.member_id < b.member_id
JOIN buddy_groups ON buddy_groups.id = a.group_id
JOIN buddy_rounds ON buddy_rounds.id = buddy_groups.round_id
GROUP BY buddy_groups.community_id, a.member_id, b.member_id
"""


def _fk(column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{referred}.id"],
        name=op.f(f"fk_buddy_pairs_{column}_{referred}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "buddy_pairs",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("first_member_id", sa.Integer(), nullable=False),
        sa.Column("second_member_id", sa.Integer(), nullable=False),
        sa.Column("last_round", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "first_member_id < second_member_id", name=op.f("ck_buddy_pairs_ordered")
        ),
        _fk("community_id", "communities"),
        _fk("first_member_id", "members"),
        _fk("second_member_id", "members"),
        sa.PrimaryKeyConstraint(
            "community_id", "first_member_id", "second_member_id", name=op.f("pk_buddy_pairs")
        ),
    )
    op.create_index(op.f("ix_buddy_pairs_first_member_id"), "buddy_pairs", ["first_member_id"])
    op.create_index(op.f("ix_buddy_pairs_second_member_id"), "buddy_pairs", ["second_member_id"])
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("buddy_pairs")
