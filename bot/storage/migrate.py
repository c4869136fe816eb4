"""Alembic driven from code: `upgrade` on start and by `cohort db upgrade`, and the revisions."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.storage.database import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """Return an Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


POSTGRESQL_LOCK = "SELECT pg_advisory_xact_lock(hashtext('cohort migrations ' || current_schema()))"
"""Serialises upgrades of one PostgreSQL schema; held until the upgrade's transaction ends."""
SQLITE_LOCK = "BEGIN IMMEDIATE"
"""Takes SQLite's write lock first: the driver would run each CREATE TABLE on its own."""


async def upgrade(database: Database, revision: str = "head") -> None:
    """Apply every migration up to `revision`.

    Two processes upgrading at once (`cohort db upgrade` while `cohort run` starts) would both
    create the same tables and one would fail; a lock held for the whole upgrade (an advisory
    lock on PostgreSQL, the write lock on SQLite) makes the second wait for the first, then
    find nothing left to do.
    """
    async with database.engine.begin() as connection:
        if database.is_sqlite:
            await connection.exec_driver_sql(SQLITE_LOCK)
        else:
            await connection.execute(text(POSTGRESQL_LOCK))
        await connection.run_sync(_upgrade_sync, revision)


def _upgrade_sync(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def current_and_head(database: Database) -> tuple[str | None, str | None]:
    """Return the database's revision and the newest packaged revision."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    async with database.engine.connect() as connection:
        current = await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
    return current, head
