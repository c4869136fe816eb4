"""Migrations build the schema the models describe, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, Integer, MetaData, inspect

from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import Base, Community
from tests.conftest import START
from tests.storage.support import count_rows

MODEL_TABLES = set(Base.metadata.tables)
# slack-sdk's installation and OAuth state stores' tables (migration 0016) are defined by the
# stores, outside our models (bot/ never imports slack-sdk): the comparison below ignores exactly
# these, and tests/adapters/slack/test_installation_tables.py compares them with the stores' own.
SLACK_STORE_TABLES = {"slack_installations", "slack_bots", "slack_oauth_states"}


def _ours(_object: Any, name: str | None, type_: str, _reflected: bool, _compare_to: Any) -> bool:
    return not (type_ == "table" and name in SLACK_STORE_TABLES)


async def _table_names(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def _differences(database: Database, metadata: MetaData) -> list[Any]:
    def compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "target_metadata": metadata, "include_object": _ours},
        )
        return compare_metadata(context, metadata)

    async with database.engine.connect() as connection:
        return await connection.run_sync(compare)


def test_the_models_have_tables_to_check() -> None:
    assert {"communities", "members", "member_interests", "guidelines"} <= MODEL_TABLES


def test_the_migrations_have_a_single_head() -> None:
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1


async def test_upgrade_on_an_empty_database_creates_every_model_table(
    empty_database: Database,
) -> None:
    assert await _table_names(empty_database) == set()

    await migrate.upgrade(empty_database)

    assert await _table_names(empty_database) == MODEL_TABLES | SLACK_STORE_TABLES | {
        "alembic_version"
    }


async def test_current_is_none_before_upgrade_and_head_after(empty_database: Database) -> None:
    head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert head is not None

    assert await migrate.current_and_head(empty_database) == (None, head)
    await migrate.upgrade(empty_database)
    assert await migrate.current_and_head(empty_database) == (head, head)


async def test_upgrading_twice_is_harmless_and_keeps_data(empty_database: Database) -> None:
    await migrate.upgrade(empty_database)
    async with empty_database.session() as session, session.begin():
        session.add(
            Community(platform="console", external_id="c", timezone="UTC", created_at=START)
        )

    await migrate.upgrade(empty_database)

    assert await _table_names(empty_database) == MODEL_TABLES | SLACK_STORE_TABLES | {
        "alembic_version"
    }
    current, head = await migrate.current_and_head(empty_database)
    assert current == head
    assert await count_rows(empty_database, Community.__table__) == 1
    async with empty_database.engine.connect() as connection:
        versions = (
            await connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        ).all()
    assert [row[0] for row in versions] == [head]


async def test_migrated_schema_matches_the_models(any_database: Database) -> None:
    # UTCDateTime is compared through its impl, DateTime(timezone=True), which the migration
    # uses, so no type difference is expected (nor ignored) here.
    assert await _differences(any_database, Base.metadata) == []


async def test_schema_comparison_notices_drift(any_database: Database) -> None:
    # Guards the test above: the comparison reads this test's schema and would see a change.
    drifted = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(drifted)
    drifted.tables["guidelines"].append_column(Column("weight", Integer, nullable=True))

    differences = await _differences(any_database, drifted)

    assert [(diff[0], diff[2], diff[3].name) for diff in differences] == [
        ("add_column", "guidelines", "weight")
    ]


async def test_downgrade_to_base_removes_the_schema_and_upgrade_restores_it(
    any_database: Database,
) -> None:
    await migrate.downgrade(any_database, "base")

    assert await _table_names(any_database) <= {"alembic_version"}
    assert (await migrate.current_and_head(any_database))[0] is None

    await migrate.upgrade(any_database)
    assert await _differences(any_database, Base.metadata) == []
