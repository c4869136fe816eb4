"""Moderation record: forgotten members' keyed hashes, and one card per reported message.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 08:00:00.000000

The key of the keyed hash is a random secret generated here, once per database, and stored in
`moderation_keys`: it is not a setting, so nobody has to configure or rotate it.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

FORGOTTEN_MEMBERS_KEY = "forgotten-members"


def upgrade() -> None:
    keys = op.create_table(
        "moderation_keys",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_moderation_keys")),
    )
    op.bulk_insert(keys, [{"name": FORGOTTEN_MEMBERS_KEY, "secret": secrets.token_hex(32)}])
    op.add_column("mod_cases", sa.Column("subject_hash", sa.String(length=64), nullable=True))
    op.create_index("ix_mod_cases_subject_hash", "mod_cases", ["community_id", "subject_hash"])
    op.add_column("mod_flags", sa.Column("report_key", sa.String(length=140), nullable=True))
    # Cards opened before this revision have no key: they never clash with one another.
    op.create_index(
        "ix_mod_flags_report_key", "mod_flags", ["community_id", "report_key"], unique=True
    )
    op.create_table(
        "mod_flag_reporters",
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["flag_id"],
            ["mod_flags.id"],
            name=op.f("fk_mod_flag_reporters_flag_id_mod_flags"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_mod_flag_reporters_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("flag_id", "member_id", name=op.f("pk_mod_flag_reporters")),
    )
    op.create_index(op.f("ix_mod_flag_reporters_member_id"), "mod_flag_reporters", ["member_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_mod_flag_reporters_member_id"), table_name="mod_flag_reporters")
    op.drop_table("mod_flag_reporters")
    op.drop_index("ix_mod_flags_report_key", table_name="mod_flags")
    with op.batch_alter_table("mod_flags") as batch:
        batch.drop_column("report_key")
    op.drop_index("ix_mod_cases_subject_hash", table_name="mod_cases")
    with op.batch_alter_table("mod_cases") as batch:
        batch.drop_column("subject_hash")
    op.drop_table("moderation_keys")
