"""Two `cohort` processes migrating one empty database at once: one waits, both then run."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import migrate
from bot.storage.database import Database
from tests.conftest import fresh_postgres_database
from tests.core.cli_support import start_cohort

UPGRADERS = 4
"""Processes upgrading at once: with two, a race is lost only now and then."""
UNREACHABLE_SLACK = {
    "SLACK_BOT_TOKEN": "xoxb-test",
    "SLACK_APP_TOKEN": "xapp-test",
    "SLACK_API_URL": "http://127.0.0.1:9/api/",  # the discard port: nothing listens
}


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The URL of a database with no tables: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
        return
    async with fresh_postgres_database() as url:
        yield url


async def _finish(process: asyncio.subprocess.Process) -> tuple[int, str]:
    _out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, err.decode()


async def test_db_upgrade_and_run_starting_together_on_an_empty_database_both_succeed(
    empty_database_url: str, tmp_path: Path
) -> None:
    upgrade = await start_cohort(tmp_path, "db", "upgrade", COHORT_DATABASE_URL=empty_database_url)
    run = await start_cohort(
        tmp_path, "run", COHORT_DATABASE_URL=empty_database_url, **UNREACHABLE_SLACK
    )
    (upgrade_code, upgrade_err), (run_code, run_err) = await asyncio.gather(
        _finish(upgrade), _finish(run)
    )

    assert "Traceback" not in upgrade_err + run_err, upgrade_err + run_err
    assert upgrade_code == 0, upgrade_err
    # `run` migrated (or found it done), then went on to the platform, which is unreachable.
    assert run_code == 1
    assert "could not reach Slack" in run_err
    database = Database(empty_database_url)
    try:
        current, head = await migrate.current_and_head(database)
    finally:
        await database.close()
    assert current == head


async def test_db_upgrades_at_once_on_an_empty_database_all_succeed(
    empty_database_url: str, tmp_path: Path
) -> None:
    processes = [
        await start_cohort(tmp_path, "db", "upgrade", COHORT_DATABASE_URL=empty_database_url)
        for _ in range(UPGRADERS)
    ]
    results = await asyncio.gather(*(_finish(process) for process in processes))

    for code, err in results:
        assert "Traceback" not in err, err
        assert code == 0, err
