"""Languages: the community's (`/setup language`), a member's own (`/profile language`) and the
locale of a member's last interaction (Discord's interaction locale, Slack's users.info locale).

Revision ID: 0027
Revises: 0026
Create Date: 2027-03-01 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("communities") as table:
        table.add_column(sa.Column("language", sa.String(16), nullable=True))
    with op.batch_alter_table("members") as table:
        table.add_column(sa.Column("language", sa.String(16), nullable=True))
        table.add_column(sa.Column("locale", sa.String(16), nullable=True))


def downgrade() -> None:
    # SQLite rebuilds `members` to drop a column: it keeps AUTOINCREMENT and its high mark, so
    # no forgotten member's id is used again (as 0021's downgrade).
    seq = _members_sequence()
    with op.batch_alter_table("members", table_kwargs={"sqlite_autoincrement": True}) as table:
        table.drop_column("locale")
        table.drop_column("language")
    if seq is not None:
        op.get_bind().execute(
            sa.text("UPDATE sqlite_sequence SET seq = max(seq, :seq) WHERE name = 'members'"),
            {"seq": seq},
        )
    with op.batch_alter_table("communities") as table:
        table.drop_column("language")


def _members_sequence() -> int | None:
    """Return SQLite's AUTOINCREMENT high mark of `members` (None elsewhere)."""
    if op.get_bind().dialect.name != "sqlite":
        return None
    found = op.get_bind().execute(sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'members'"))
    return found.scalar_one_or_none()
