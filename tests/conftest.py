"""Shared fixtures: real databases (SQLite file; PostgreSQL when configured), the shared
services on them, and a console app."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.console.session import ConsoleSession
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.refs import CommunityRef
from bot.settings import Settings
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService
from bot.storage import migrate
from bot.storage.database import Database

# No test asserts on time: Hypothesis' per-example deadline failed on a loaded machine.
hypothesis_settings.register_profile("cohort", deadline=None)
hypothesis_settings.load_profile("cohort")

POSTGRES_URL_VARIABLE = "COHORT_TEST_DATABASE_URL"
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # a Monday
COMMUNITY = CommunityRef("console", "learning-lab")


def postgres_url_or_skip() -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set; PostgreSQL storage tests are skipped")
    return url


@asynccontextmanager
async def fresh_postgres_database() -> AsyncIterator[str]:
    """Create a PostgreSQL database of its own (a `cohort` process is given only a URL) on the
    configured server; yield its URL; drop it afterwards. Skips when none is configured."""
    server = make_url(postgres_url_or_skip())
    name = f"cohort_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[Database]:
    """A database with no tables: a SQLite file, then PostgreSQL (a schema of its own)."""
    if request.param == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'cohort.db'}")
        yield database
        await database.close()
        return
    async for database in _postgres_schema_database(postgres_url_or_skip()):
        yield database


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per test process, for tests to start from a copy.

    Migrating from nothing costs several times what a copy and the upgrade's "nothing to do"
    cost; each test still gets its own file and still runs the upgrade itself.
    """
    path = tmp_path_factory.mktemp("migrated") / "cohort.db"

    async def migrate_once() -> None:
        database = Database(f"sqlite+aiosqlite:///{path}")
        await migrate.upgrade(database)
        await database.close()  # the last connection checkpoints the WAL into the file

    asyncio.run(migrate_once())
    return path


def start_from_migrated(template: Path, target: Path) -> None:
    """Put a copy of the migrated `template` at `target`, unless a database is already there."""
    if not target.exists():
        shutil.copyfile(template, target)


@pytest.fixture
async def any_database(empty_database: Database, migrated_sqlite: Path) -> Database:
    """A migrated, empty database: a SQLite file, then PostgreSQL (a schema of its own)."""
    if empty_database.is_sqlite:
        start_from_migrated(migrated_sqlite, Path(str(empty_database.engine.url.database)))
    await migrate.upgrade(empty_database)
    return empty_database


async def _postgres_schema_database(url: str) -> AsyncIterator[Database]:
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
async def sqlite_database(tmp_path, migrated_sqlite: Path) -> AsyncIterator[Database]:
    """A migrated, empty SQLite file."""
    start_from_migrated(migrated_sqlite, tmp_path / "cohort.db")
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'cohort.db'}")
    await migrate.upgrade(database)
    yield database
    await database.close()


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


@pytest.fixture
def clock() -> VirtualClock:
    """A virtual clock starting on Monday 2026-01-05 08:00 UTC."""
    return VirtualClock(START)


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings that ignore the developer's environment and .env."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'cohort.db'}",
        COHORT_TIMEZONE="UTC",
    )


@pytest.fixture
async def app(
    settings: Settings, clock: VirtualClock, tmp_path: Path, migrated_sqlite: Path
) -> AsyncIterator[App]:
    """The whole app on a SQLite file and a virtual clock, started and closed."""
    start_from_migrated(migrated_sqlite, tmp_path / "cohort.db")  # the file `settings` names
    application = build_app(settings, clock)
    await application.start()
    yield application
    await application.close()


@pytest.fixture
async def console(app: App, clock: VirtualClock) -> ConsoleSession:
    """A console community wired to the app: `await console.say("@alice: /help")`."""
    session = ConsoleSession(app, clock)
    await session.refresh_timezone()
    await session.attach()
    return session
