"""Peers and thanks: findable members, "Say hello" greetings, thanks and their givers.

Revision ID: 0022
Revises: 0021
Create Date: 2027-02-10 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{referred}.id"],
        name=op.f(f"fk_{table}_{column}_{referred}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "findable_members",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        _fk("findable_members", "member_id", "members"),
        _fk("findable_members", "community_id", "communities"),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_findable_members")),
    )
    op.create_index(op.f("ix_findable_members_community_id"), "findable_members", ["community_id"])
    op.create_table(
        "peer_greetings",
        sa.Column("first_member_id", sa.Integer(), nullable=False),
        sa.Column("second_member_id", sa.Integer(), nullable=False),
        sa.Column("greeted_at", sa.DateTime(timezone=True), nullable=False),
        _fk("peer_greetings", "first_member_id", "members"),
        _fk("peer_greetings", "second_member_id", "members"),
        sa.PrimaryKeyConstraint(
            "first_member_id", "second_member_id", name=op.f("pk_peer_greetings")
        ),
    )
    op.create_index("ix_peer_greetings_second_member_id", "peer_greetings", ["second_member_id"])
    op.create_table(
        "thanks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("giver_id", sa.Integer(), nullable=False),
        sa.Column("receiver_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("channel_external_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("thanks", "community_id", "communities"),
        _fk("thanks", "giver_id", "members"),
        _fk("thanks", "receiver_id", "members"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thanks")),
    )
    op.create_index("ix_thanks_community_created", "thanks", ["community_id", "created_at"])
    op.create_index("ix_thanks_giver_created", "thanks", ["giver_id", "created_at"])
    op.create_index(op.f("ix_thanks_receiver_id"), "thanks", ["receiver_id"])
    op.create_table(
        "thanks_givers",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("last_thanked_at", sa.DateTime(timezone=True), nullable=False),
        _fk("thanks_givers", "member_id", "members"),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_thanks_givers")),
    )


def downgrade() -> None:
    op.drop_table("thanks_givers")
    op.drop_table("thanks")
    op.drop_table("peer_greetings")
    op.drop_table("findable_members")
