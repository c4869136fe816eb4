"""Migration 0016 makes exactly the tables slack-sdk's stores define, on SQLite and PostgreSQL,
and its downgrade removes them."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import Connection, MetaData, inspect

from bot.storage import migrate
from bot.storage.database import Database

STORE_TABLES = {"slack_installations", "slack_bots", "slack_oauth_states"}


def _stores_metadata() -> MetaData:
    metadata = MetaData()
    AsyncSQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    AsyncSQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    AsyncSQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


async def _differences(database: Database) -> list[Any]:
    metadata = _stores_metadata()

    def only_theirs(_obj: Any, name: str | None, type_: str, *_rest: Any) -> bool:
        return type_ != "table" or name in STORE_TABLES

    def compare(connection: Connection) -> list[Any]:
        opts = {"compare_type": True, "target_metadata": metadata, "include_object": only_theirs}
        return compare_metadata(MigrationContext.configure(connection, opts=opts), metadata)

    async with database.engine.connect() as connection:
        return await connection.run_sync(compare)


async def _tables(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_the_migrated_tables_are_the_stores_own(any_database: Database) -> None:
    assert await _tables(any_database) >= STORE_TABLES
    assert await _differences(any_database) == []


async def test_downgrading_0016_removes_them_and_upgrading_restores_them(
    any_database: Database,
) -> None:
    await migrate.downgrade(any_database, "0015")
    assert not STORE_TABLES & await _tables(any_database)

    await migrate.upgrade(any_database)
    assert await _differences(any_database) == []
