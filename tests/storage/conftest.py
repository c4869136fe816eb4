"""Storage fixtures: an empty (unmigrated) database on both backends, and the services."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.clock import VirtualClock
from bot.refs import CommunityRef
from bot.services.communities import CommunityService
from bot.services.members import MemberService
from bot.storage.database import Database
from tests.conftest import postgres_url_or_skip

COMMUNITY = CommunityRef("console", "learning-lab")


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[Database]:
    """A database with no tables at all: a SQLite file, then a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
        yield database
        await database.close()
        return
    url = postgres_url_or_skip()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(url)
    async with admin.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    database = Database(url, connect_args={"server_settings": {"search_path": schema}})
    try:
        yield database
    finally:
        await database.close()
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture
def communities(any_database: Database, clock: VirtualClock) -> CommunityService:
    """The community service on the test's database, with UTC as the default zone."""
    return CommunityService(any_database, clock, "UTC")


@pytest.fixture
def members(any_database: Database, clock: VirtualClock) -> MemberService:
    """The member service on the test's database."""
    return MemberService(any_database, clock)


@pytest.fixture
async def community_id(communities: CommunityService) -> int:
    """The id of one community, created for the test."""
    return await communities.ensure(COMMUNITY)
