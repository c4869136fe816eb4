"""The Database: SQLite connections get WAL and foreign keys; both backends enforce them."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from bot.storage.database import Database
from bot.storage.models import Community, Member
from tests.conftest import START
from tests.storage.support import count_rows, other_process


async def _pragma(connection, name: str) -> object:  # type: ignore[no-untyped-def]
    return (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar_one()


async def test_sqlite_connections_use_wal_and_enforce_foreign_keys(
    sqlite_database: Database,
) -> None:
    async with sqlite_database.engine.connect() as connection:
        assert await _pragma(connection, "journal_mode") == "wal"
        assert await _pragma(connection, "foreign_keys") == 1
        assert await _pragma(connection, "busy_timeout") == 5000


async def test_every_pooled_sqlite_connection_is_configured(sqlite_database: Database) -> None:
    # foreign_keys is per connection in SQLite; hold two at once so the pool opens a second.
    async with (
        sqlite_database.engine.connect() as first,
        sqlite_database.engine.connect() as second,
    ):
        for connection in (first, second):
            assert await _pragma(connection, "foreign_keys") == 1
            assert await _pragma(connection, "journal_mode") == "wal"


async def test_wal_mode_is_kept_in_the_file(sqlite_database: Database, tmp_path) -> None:
    # A plain sqlite3 connection (no Database, no pragmas) sees the mode set on the file.
    async with sqlite_database.engine.connect() as connection:
        await connection.exec_driver_sql("SELECT 1")
    plain = sqlite3.connect(tmp_path / "cohort.db")
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert plain.execute("PRAGMA foreign_keys").fetchone() == (0,)
    finally:
        plain.close()


async def test_foreign_keys_are_enforced(any_database: Database) -> None:
    orphan = insert(Member).values(community_id=12345, external_id="ghost", display_name="Ghost")
    with pytest.raises(IntegrityError):
        async with any_database.engine.begin() as connection:
            await connection.execute(orphan)
    assert await count_rows(any_database, Member.__table__) == 0


async def test_sessions_keep_loaded_values_after_commit(any_database: Database) -> None:
    # Services return rows after their transaction ends; expiring them would reload lazily,
    # which async sessions cannot do.
    async with any_database.session() as session:
        community = Community(platform="p", external_id="c", timezone="UTC", created_at=START)
        session.add(community)
        await session.commit()
    assert community.timezone == "UTC"
    assert community.id is not None


async def _add_community(connection, name: str) -> None:  # type: ignore[no-untyped-def]
    await connection.execute(
        insert(Community).values(
            platform="console", external_id=name, timezone="UTC", created_at=START
        )
    )


async def test_a_failed_write_leaves_nothing_behind_on_its_connection(
    any_database: Database,
) -> None:
    # The pool does not roll connections back on return (SQLAlchemy does when a transaction is
    # left open): what a failed unit of work wrote must never ride along with the next one's
    # commit, nor keep another process's write waiting.
    async def fail_on_a_connection() -> None:
        async with any_database.writing() as connection:
            await _add_community(connection, "failed")
            raise RuntimeError("the unit of work fails after its write")

    async def fail_in_a_session() -> None:
        async with any_database.session() as session, session.begin():
            session.add(
                Community(platform="console", external_id="too", timezone="UTC", created_at=START)
            )
            await session.flush()
            raise RuntimeError("and so does a session's")

    with pytest.raises(RuntimeError):
        await fail_on_a_connection()
    with pytest.raises(RuntimeError):
        await fail_in_a_session()
    async with any_database.writing() as connection:
        await _add_community(connection, "kept")
    async with other_process(any_database) as other, other.writing() as connection:
        await _add_community(connection, "another process's")

    async with any_database.reading() as connection:
        names = (await connection.execute(select(Community.external_id))).scalars().all()
    assert sorted(names) == ["another process's", "kept"]
