"""Cohorts: the registry of named groups, their listed members and their roles.

A community with no cohorts works exactly as before; nothing existing is changed.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 13:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
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
        "cohorts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("name_key", sa.String(length=32), nullable=False),
        sa.Column("home_channel_external_id", sa.String(length=64), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=True),
        sa.Column("term_weeks", sa.Integer(), nullable=True),
        sa.Column("followed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        _fk("cohorts", "community_id", "communities"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohorts")),
        sa.UniqueConstraint("community_id", "name_key", name=op.f("uq_cohorts_community_id")),
    )
    op.create_index(op.f("ix_cohorts_community_id"), "cohorts", ["community_id"])
    op.create_table(
        "cohort_members",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("listed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("in_channel", sa.Boolean(), server_default=sa.false(), nullable=False),
        _fk("cohort_members", "cohort_id", "cohorts"),
        _fk("cohort_members", "member_id", "members"),
        sa.PrimaryKeyConstraint("cohort_id", "member_id", name=op.f("pk_cohort_members")),
    )
    op.create_index(op.f("ix_cohort_members_member_id"), "cohort_members", ["member_id"])
    op.create_table(
        "cohort_roles",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("role_external_id", sa.String(length=64), nullable=False),
        _fk("cohort_roles", "cohort_id", "cohorts"),
        sa.PrimaryKeyConstraint("cohort_id", "role_external_id", name=op.f("pk_cohort_roles")),
    )


def downgrade() -> None:
    op.drop_table("cohort_roles")
    op.drop_table("cohort_members")
    op.drop_table("cohorts")
