"""Welcome and intros: the community's welcome text, newcomers (welcomes, reminders), intros.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("communities") as batch:
        batch.add_column(sa.Column("welcome_text", sa.Text(), nullable=True))
    op.create_table(
        "newcomers",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("is_bot", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("welcomed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminder_lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_newcomers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_newcomers")),
    )
    op.create_table(
        "intros",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("about", sa.Text(), nullable=True),
        sa.Column("learning", sa.Text(), nullable=True),
        sa.Column("goals", sa.Text(), nullable=True),
        sa.Column("channel_external_id", sa.String(length=64), nullable=True),
        sa.Column("message_external_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_intros_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intros")),
        sa.UniqueConstraint("member_id", name=op.f("uq_intros_member_id")),
    )


def downgrade() -> None:
    op.drop_table("intros")
    op.drop_table("newcomers")
    with op.batch_alter_table("communities") as batch:
        batch.drop_column("welcome_text")
