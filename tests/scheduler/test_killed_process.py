"""Two real `cohort run` processes share a burst of scheduled posts; one is killed by SIGKILL.

Both serve one fake Slack workspace in single-token mode on one database (a PostgreSQL
database of its own when COHORT_TEST_DATABASE_URL is set, else a SQLite file), with
COHORT_SCHEDULE_LEASE_SECONDS=5. Each process gets its own bot token for that workspace, so the
fake can tell which process made each call; otherwise they are configured alike.

The burst: 50 weekly topic schedules, one per channel, seeded directly in the database and due
a minute ago, so both processes do them on start (catching up within the grace window) without
the test waiting for the next minute: weekly schedules have minute resolution. The fake lets
each process post `FREE_POSTS` times, then holds its next post; the first process held is
killed mid-post, holding a claim on an occurrence whose post either reached Slack (its answer
lost with the process) or never did. The survivor must take that claim over once its lease runs
out, find the post or make it, and finish the rest: every channel has exactly one topic post and
the ledger shows every occurrence done.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import insert, select

from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import Community, Occurrence, Schedule
from scheduler.ledger import DONE
from tests.adapters.slack.fake_slack import FakeSlack
from tests.conftest import POSTGRES_URL_VARIABLE, fresh_postgres_database
from tests.core.cli_support import cohort_environment

SCHEDULES = 50
FREE_POSTS = 10
"""Posts each process may make before the fake holds its next one."""
LEASE_SECONDS = 5
WAIT_SECONDS = 90  # generous: two processes, a database and the test share a loaded machine
SECOND_TOKEN = "xoxb-second-process-token"


class HoldingSlack(FakeSlack):
    """The fake Slack, holding each token's posts after its first `FREE_POSTS`.

    `stored_before_hold`: a held post is made (stored) before its answer is held, as when Slack
    did the work and the process died before hearing; otherwise it is made only on release, and
    never for a token marked dead (the request died with its process).
    """

    def __init__(self, *, stored_before_hold: bool) -> None:
        super().__init__()
        self.stored_before_hold = stored_before_hold
        self.posts_by: dict[str, int] = {}
        self.held: list[str] = []
        self.dead: set[str] = set()
        self._release = asyncio.Event()
        self._holding = asyncio.Condition()

    def release(self) -> None:
        """Let every held post go on (a dead token's is dropped unless already stored)."""
        self._release.set()

    async def first_held(self) -> str:
        """Return the token of the first process whose post is being held, waiting for it."""
        async with asyncio.timeout(WAIT_SECONDS), self._holding:
            await self._holding.wait_for(lambda: bool(self.held))
        return self.held[0]

    async def _web_api(self, request: web.Request) -> web.Response:
        if request.match_info["method"] != "chat.postMessage":
            return await super()._web_api(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.posts_by[token] = self.posts_by.get(token, 0) + 1
        if self.posts_by[token] <= FREE_POSTS or self._release.is_set():
            return await super()._web_api(request)
        answer = await super()._web_api(request) if self.stored_before_hold else None
        async with self._holding:
            self.held.append(token)
            self._holding.notify_all()
        await self._release.wait()
        if answer is not None:
            return answer
        if token in self.dead:
            raise web.HTTPServiceUnavailable  # never reaches anyone: its process is gone
        return await super()._web_api(request)


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A new PostgreSQL database when COHORT_TEST_DATABASE_URL is set, else a SQLite file."""
    if not _postgres_configured():
        yield f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
        return
    async with fresh_postgres_database() as url:
        yield url


def _postgres_configured() -> bool:
    return bool(os.environ.get(POSTGRES_URL_VARIABLE))


async def seed(database: Database, team_id: str, channels: list[str]) -> datetime:
    """Migrate, then add the workspace's community and a topic schedule per channel.

    Every schedule fell due a minute ago (whole minutes, UTC): return that moment.
    """
    await migrate.upgrade(database)
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    async with database.writing() as connection:
        community_id = (
            await connection.execute(
                insert(Community)
                .values(platform="slack", external_id=team_id, timezone="UTC", created_at=due)
                .returning(Community.id)
            )
        ).scalar_one()
        await connection.execute(
            insert(Schedule),
            [
                {
                    "community_id": community_id,
                    "kind": "topic",
                    "channel_external_id": channel,
                    "weekday": due.weekday(),
                    "hour": due.hour,
                    "minute": due.minute,
                    "every_weeks": 1,
                    "anchor_date": due.date(),
                    "created_at": due - timedelta(days=1),
                }
                for channel in channels
            ],
        )
    return due


async def ledger_statuses(database: Database) -> list[tuple[str, datetime, str]]:
    """Return every occurrence in the ledger: (channel, due time, status)."""
    query = select(Schedule.channel_external_id, Occurrence.due_at, Occurrence.status).join(
        Schedule, Schedule.id == Occurrence.schedule_id
    )
    async with database.reading() as connection:
        return sorted(tuple(row) for row in (await connection.execute(query)).all())


async def until_all_done(database: Database, expected: int) -> list[tuple[str, datetime, str]]:
    """Return the ledger once it holds `expected` occurrences, all done (looking every 0.2 s)."""
    async with asyncio.timeout(WAIT_SECONDS):
        while True:
            statuses = await ledger_statuses(database)
            if len(statuses) == expected and all(status == DONE for *_, status in statuses):
                return statuses
            await asyncio.sleep(0.2)


def topic_posts(fake: FakeSlack, channel: str) -> int:
    """Return how many posts the bot made in `channel` with an occurrence's key."""
    return sum(
        1
        for message in fake.workspace.messages.values()
        if message.channel == channel
        and message.by_bot
        and str((message.metadata or {}).get("event_payload", {}).get("key", "")).startswith(
            "cohort:occurrence:"
        )
    )


@pytest.mark.parametrize("stored_before_hold", [True, False], ids=["post-made", "post-lost"])
async def test_a_process_killed_mid_burst_loses_nothing_and_nothing_is_posted_twice(
    tmp_path: Path, database_url: str, stored_before_hold: bool
) -> None:
    async with HoldingSlack(stored_before_hold=stored_before_hold) as fake:
        fake.installed[SECOND_TOKEN] = fake.workspace  # the second process's token, same place
        channels = [fake.workspace.add_channel(f"topics-{n}") for n in range(SCHEDULES)]
        database = Database(database_url)
        try:
            due = await seed(database, fake.workspace.team_id, channels)
            processes = {
                token: await start_run(
                    tmp_path,
                    tmp_path / f"{token}.log",
                    COHORT_DATABASE_URL=database_url,
                    COHORT_SCHEDULE_LEASE_SECONDS=str(LEASE_SECONDS),
                    SLACK_BOT_TOKEN=token,
                    SLACK_APP_TOKEN=fake.app_token,
                    SLACK_API_URL=fake.api_url,
                )
                for token in (fake.bot_token, SECOND_TOKEN)
            }
            try:
                victim = await fake.first_held()
                processes[victim].send_signal(signal.SIGKILL)
                await asyncio.wait_for(processes[victim].wait(), WAIT_SECONDS)
                fake.dead.add(victim)
                fake.release()
                statuses = await until_all_done(database, SCHEDULES)
            finally:
                await _stop(processes)
        finally:
            await database.close()

    assert processes[victim].returncode == -signal.SIGKILL
    survivor = next(token for token in processes if token != victim)
    errors = {token: (tmp_path / f"{token}.log").read_text() for token in processes}
    assert processes[survivor].returncode == 0, errors[survivor]
    assert "Traceback" not in errors[survivor], errors[survivor]
    # Exactly once: one topic post in every channel, whichever process made it.
    assert {channel: topic_posts(fake, channel) for channel in channels} == dict.fromkeys(
        channels, 1
    )
    assert statuses == sorted((channel, due, DONE) for channel in channels)
    # The victim held a claim when it died; the survivor took it over once the lease ran out
    # and looked for its post on Slack before making it (found it, when it had been made).
    assert "was posted before" in errors[survivor] or not stored_before_hold
    assert fake.posts_by[victim] == FREE_POSTS + 1
    assert any(
        call.method == "conversations.history" and call.token == survivor for call in fake.calls
    )


async def start_run(workdir: Path, log: Path, **settings: str) -> asyncio.subprocess.Process:
    """Start `cohort run`, its log (standard error) in `log`: a pipe nobody reads would fill."""
    with log.open("wb") as output:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=workdir,
            env=cohort_environment(workdir, **settings),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=output,
        )


async def _stop(processes: dict[str, asyncio.subprocess.Process]) -> None:
    """Stop the processes still running (SIGTERM) and wait for every one to end."""
    for process in processes.values():
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
    for process in processes.values():
        await asyncio.wait_for(process.wait(), WAIT_SECONDS)
