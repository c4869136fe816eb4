"""Cohort scopes: schedules, topics, topic posts and buddy rounds may belong to a cohort.

Every existing row keeps a NULL cohort: it stays in the whole community's scope. Uniqueness that
now includes the nullable cohort counts "no cohort" as one scope (`coalesce(cohort_id, 0)`), so
a second community-wide schedule for a channel still replaces the first. Buddy pairs get a pool
(0: the whole community's rounds, else a cohort's id) in their key.

SQLite rebuilds `schedules`, `buddy_rounds` and `buddy_pairs` to change their keys;
`bot.storage.migrate` turns foreign keys off for that (a rebuild drops the old table, which
would otherwise cascade to occurrences and groups) and checks them before committing.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 14:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SCOPE = sa.text("coalesce(cohort_id, 0)")


def _add_cohort(batch: object, table: str) -> None:
    batch.add_column(sa.Column("cohort_id", sa.Integer(), nullable=True))  # type: ignore[attr-defined]
    batch.create_foreign_key(  # type: ignore[attr-defined]
        op.f(f"fk_{table}_cohort_id_cohorts"), "cohorts", ["cohort_id"], ["id"], ondelete="CASCADE"
    )
    batch.create_index(op.f(f"ix_{table}_cohort_id"), ["cohort_id"])  # type: ignore[attr-defined]


def _keep_sequence(table: str) -> int | None:
    """Return SQLite's AUTOINCREMENT high mark of `table`, which a rebuild would lose."""
    if op.get_bind().dialect.name != "sqlite":
        return None
    found = op.get_bind().execute(
        sa.text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": table}
    )
    return found.scalar_one_or_none()


def _restore_sequence(table: str, seq: int | None) -> None:
    if seq is not None:
        op.get_bind().execute(
            sa.text("UPDATE sqlite_sequence SET seq = max(seq, :seq) WHERE name = :name"),
            {"seq": seq, "name": table},
        )


def upgrade() -> None:
    schedules_seq, rounds_seq = _keep_sequence("schedules"), _keep_sequence("buddy_rounds")
    with op.batch_alter_table("schedules", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_constraint("uq_schedules_community_id", type_="unique")
        _add_cohort(batch, "schedules")
    with op.batch_alter_table("buddy_rounds", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_constraint("uq_buddy_rounds_community_id", type_="unique")
        _add_cohort(batch, "buddy_rounds")
    _restore_sequence("schedules", schedules_seq)
    _restore_sequence("buddy_rounds", rounds_seq)
    for table in ("topics", "topic_posts"):
        with op.batch_alter_table(table) as batch:
            _add_cohort(batch, table)
            batch.add_column(sa.Column("week", sa.Integer(), nullable=True))
    with op.batch_alter_table("buddy_pairs") as batch:
        batch.add_column(sa.Column("pool", sa.Integer(), server_default="0", nullable=False))
        batch.drop_constraint("pk_buddy_pairs", type_="primary")
        batch.create_primary_key(
            "pk_buddy_pairs", ["community_id", "pool", "first_member_id", "second_member_id"]
        )
    # Expression indexes last: SQLite's rebuilds above reflect the tables they refer to, and
    # reflection cannot read an expression index (it would warn on every upgrade).
    op.create_index(
        "uq_schedules_scope",
        "schedules",
        ["community_id", "kind", "channel_external_id", SCOPE],
        unique=True,
    )
    op.create_index(
        "uq_buddy_rounds_scope", "buddy_rounds", ["community_id", SCOPE, "number"], unique=True
    )
    op.create_index("ix_buddy_pairs_recent", "buddy_pairs", ["community_id", "pool", "last_round"])


def downgrade() -> None:
    op.drop_index("ix_buddy_pairs_recent", table_name="buddy_pairs")
    op.drop_index("uq_buddy_rounds_scope", table_name="buddy_rounds")
    op.drop_index("uq_schedules_scope", table_name="schedules")
    op.execute("DELETE FROM buddy_pairs WHERE pool <> 0")
    with op.batch_alter_table("buddy_pairs") as batch:
        batch.drop_constraint("pk_buddy_pairs", type_="primary")
        batch.create_primary_key(
            "pk_buddy_pairs", ["community_id", "first_member_id", "second_member_id"]
        )
        batch.drop_column("pool")
    for table in ("topic_posts", "topics"):
        op.execute(f"DELETE FROM {table} WHERE cohort_id IS NOT NULL")
        with op.batch_alter_table(table) as batch:
            batch.drop_column("week")
            batch.drop_index(op.f(f"ix_{table}_cohort_id"))
            batch.drop_constraint(op.f(f"fk_{table}_cohort_id_cohorts"), type_="foreignkey")
            batch.drop_column("cohort_id")
    for table, unique, columns in (
        ("buddy_rounds", "uq_buddy_rounds_community_id", ["community_id", "number"]),
        ("schedules", "uq_schedules_community_id", ["community_id", "kind", "channel_external_id"]),
    ):
        op.execute(f"DELETE FROM {table} WHERE cohort_id IS NOT NULL")
        with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.drop_index(op.f(f"ix_{table}_cohort_id"))
            batch.drop_constraint(op.f(f"fk_{table}_cohort_id_cohorts"), type_="foreignkey")
            batch.drop_column("cohort_id")
            batch.create_unique_constraint(unique, columns)
