"""Alembic driven from code: `upgrade` on start and by `cohort db upgrade`, and the revisions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.database import BUSY_TIMEOUT_MS, Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """Return an Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


Step = Callable[[Config, str], None]
"""Alembic's `command.upgrade` or `command.downgrade`."""
POSTGRESQL_LOCK = "SELECT pg_advisory_xact_lock(hashtext('cohort migrations ' || current_schema()))"
"""Serialises upgrades of one PostgreSQL schema; held until the upgrade's transaction ends."""
SQLITE_WAIT_MS = 600_000
"""How long a SQLite upgrade waits for another process's upgrade (or any writer) to finish."""


async def upgrade(database: Database, revision: str = "head") -> None:
    """Apply every migration up to `revision`.

    Two processes upgrading at once (`cohort db upgrade` while `cohort run` starts) would both
    create the same tables and one would fail; a lock held for the whole upgrade (an advisory
    lock on PostgreSQL, the write lock on SQLite) makes the second wait for the first, then
    find nothing left to do.
    """
    await _migrate(database, command.upgrade, revision)


async def downgrade(database: Database, revision: str) -> None:
    """Undo migrations down to `revision` (tests, and an operator stepping back a release)."""
    await _migrate(database, command.downgrade, revision)


async def _migrate(database: Database, step: Step, revision: str) -> None:
    """Run Alembic's `step` to `revision` under the lock that makes concurrent runs take turns."""
    if not database.is_sqlite:
        async with database.engine.begin() as connection:
            await connection.execute(text(POSTGRESQL_LOCK))
            await connection.run_sync(_step_sync, step, revision)
        return
    async with database.engine.connect() as connection:
        # The driver would run each CREATE TABLE on its own; take the write lock first, waiting
        # longer than the usual busy timeout, since another upgrade may hold it meanwhile.
        # Foreign keys are off while migrating (they change only outside a transaction): a
        # rebuilt table is dropped and renamed, and with them on, the drop would cascade to the
        # rows that refer to it. They are checked before the upgrade commits.
        await connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_WAIT_MS}")
        await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            await connection.exec_driver_sql("BEGIN IMMEDIATE")
            await connection.run_sync(_step_sync, step, revision)
            await _check_foreign_keys(connection)
            await connection.commit()
        finally:
            await connection.rollback()  # after a commit there is nothing left to roll back
            await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            await connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


async def _check_foreign_keys(connection: AsyncConnection) -> None:
    """Refuse an upgrade that left a row referring to nothing (SQLite, keys off meanwhile)."""
    broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
    if broken:
        raise RuntimeError(f"the upgrade broke {len(broken)} foreign keys: {broken[:5]}")


def _step_sync(connection: Connection, step: Step, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    step(config, revision)


async def current_and_head(database: Database) -> tuple[str | None, str | None]:
    """Return the database's revision and the newest packaged revision."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    async with database.engine.connect() as connection:
        current = await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
    return current, head
