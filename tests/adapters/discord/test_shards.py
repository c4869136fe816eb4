"""Discord shards split between two processes on one database, against one fake Discord.

Each "process" is an app of its own (its own engine on the shared database) running shard 0 or
shard 1 of 2 through the real discord.py, from its own loopback address (127.0.0.1, 127.0.0.2),
so the fake can tell which process identified and which made each REST call. Both share one
virtual clock, so their schedules fall due at the same moment. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

import aiohttp
import pytest

from adapters.discord.client import CohortClient
from adapters.discord.settings import DiscordSettings
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.refs import CommunityRef
from bot.settings import Settings
from bot.storage.database import Database
from scheduler.ledger import DONE, Ledger
from scheduler.runner import LEASE
from tests.adapters.discord.fake_payloads import FakeGuild
from tests.adapters.discord.fake_server import FakeDiscord, Identified
from tests.adapters.discord.running import running_bot
from tests.conftest import START

WEDNESDAY = 2
WEDNESDAY_18 = datetime(2026, 1, 7, 18, 0, tzinfo=UTC)
SOURCES = {0: "127.0.0.1", 1: "127.0.0.2"}  # shard -> the address its process talks from
TOPIC_POST = "💬 Discussion topic: "


@dataclass
class Server:
    """A fake server on one shard, with a #topics channel and a weekly topic schedule."""

    shard: int
    guild: FakeGuild
    topics: str
    schedule_id: int = 0


@dataclass
class Process:
    """One bot process: its app and its Discord client."""

    app: App
    client: CohortClient


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord with one server on each of two shards."""
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def servers(fake: FakeDiscord) -> dict[int, Server]:
    """A server on shard 0 and one on shard 1 (of 2), each with a #topics channel."""
    made = {}
    for shard in (0, 1):
        guild = fake.add_guild(shard=shard, of=2)
        made[shard] = Server(shard, guild, guild.add_channel("topics"))
    return made


@asynccontextmanager
async def shard_process(
    settings: Settings, database: Database, clock: VirtualClock, fake: FakeDiscord, shard: int
) -> AsyncIterator[Process]:
    """Run a bot process on `shard` of 2: its own app, engine and address; stop it on exit."""
    app = build_app(settings, clock, database=database.another())
    await app.start()
    discord = DiscordSettings(
        _env_file=None,  # type: ignore[call-arg]
        DISCORD_TOKEN=fake.token,
        DISCORD_API_URL=fake.api_url,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DISCORD_SHARD_COUNT="2",
        DISCORD_SHARD_IDS=str(shard),
    )
    connector = aiohttp.TCPConnector(local_addr=(SOURCES[shard], 0))
    try:
        async with running_bot(app, discord, fake, connector=connector) as client:
            yield Process(app, client)
    finally:
        await app.close()


async def schedule_topics(app: App, server: Server) -> None:
    """As a host would: a topic in the server's bank, posted Wednesdays at 18:00 in #topics."""
    services = app.services
    community_id = await services.communities.ensure(CommunityRef("discord", server.guild.id))
    await services.topics.add(community_id, f"What clicked on shard {server.shard}?")
    info = await services.schedules.set_weekly(
        community_id, "topic", server.topics, WEDNESDAY, clock_time(18, 0), 1
    )
    server.schedule_id = info.id


async def seed(settings: Settings, database: Database, servers: dict[int, Server]) -> None:
    """Create both servers' schedules from an app that serves no platform."""
    app = build_app(settings, VirtualClock(START), database=database.another())
    await app.start()
    try:
        for server in servers.values():
            await schedule_topics(app, server)
    finally:
        await app.close()


def topic_posts(fake: FakeDiscord, server: Server) -> list[tuple[str, str]]:
    """Return each topic post the bot asked for in the server's #topics: (address, text)."""
    return [
        (request.source, request.json["content"])
        for request in fake.requests
        if request.method == "POST"
        and request.path == f"/channels/{server.topics}/messages"
        and request.status == 200
    ]


async def statuses(database: Database, server: Server) -> list[tuple[datetime, str]]:
    return await Ledger(database, VirtualClock(START), LEASE).statuses(server.schedule_id)


async def test_each_servers_topic_is_posted_once_by_the_process_that_runs_its_shard(
    settings: Settings,
    any_database: Database,
    fake: FakeDiscord,
    servers: dict[int, Server],
) -> None:
    await seed(settings, any_database, servers)
    clock = VirtualClock(START)
    async with (
        shard_process(settings, any_database, clock, fake, 0) as first,
        shard_process(settings, any_database, clock, fake, 1) as second,
    ):
        # Each process armed only its own server's schedule.
        assert first.app.scheduler.armed() == {servers[0].schedule_id}
        assert second.app.scheduler.armed() == {servers[1].schedule_id}
        await clock.advance_to(WEDNESDAY_18)
        for server in servers.values():
            await fake.wait_for_request("POST", rf"/channels/{server.topics}/messages/\d+/threads")
    assert sorted(fake.identified_by, key=lambda seen: seen.shard) == [
        Identified(SOURCES[0], [0, 2]),
        Identified(SOURCES[1], [1, 2]),
    ]
    for shard, server in servers.items():
        assert topic_posts(fake, server) == [
            (SOURCES[shard], f"{TOPIC_POST}What clicked on shard {shard}?")
        ]
        assert await statuses(any_database, server) == [(WEDNESDAY_18, DONE)]


async def test_a_process_leaves_another_shards_due_work_alone_and_its_owner_catches_up(
    settings: Settings,
    any_database: Database,
    fake: FakeDiscord,
    servers: dict[int, Server],
) -> None:
    clock = VirtualClock(START)
    async with shard_process(settings, any_database, clock, fake, 0) as first:
        # Schedules made in this process: the other shard's is not armed here.
        for server in servers.values():
            await schedule_topics(first.app, server)
        assert first.app.scheduler.armed() == {servers[0].schedule_id}
        await clock.advance_to(WEDNESDAY_18 + timedelta(hours=1))
        await fake.wait_for_request("POST", rf"/channels/{servers[0].topics}/messages/\d+/threads")
        # Shard 1's occurrence fell due with its process down: not done, failed or missed here.
        assert topic_posts(fake, servers[1]) == []
        assert await statuses(any_database, servers[1]) == []
        async with shard_process(settings, any_database, clock, fake, 1):
            # Within the grace window: shard 1's process catches it up on attach.
            await fake.wait_for_request(
                "POST", rf"/channels/{servers[1].topics}/messages/\d+/threads"
            )
    for shard, server in servers.items():
        assert topic_posts(fake, server) == [
            (SOURCES[shard], f"{TOPIC_POST}What clicked on shard {shard}?")
        ]
        assert await statuses(any_database, server) == [(WEDNESDAY_18, DONE)]


async def test_a_schedule_made_in_the_other_process_is_armed_by_its_owner_at_the_next_poll(
    settings: Settings,
    any_database: Database,
    fake: FakeDiscord,
    servers: dict[int, Server],
) -> None:
    polling = settings.model_copy(update={"schedule_poll_seconds": 60})
    clock = VirtualClock(START)
    async with (
        shard_process(polling, any_database, clock, fake, 0) as first,
        shard_process(polling, any_database, clock, fake, 1) as second,
    ):
        await schedule_topics(first.app, servers[1])  # a host's command reaching shard 0's process
        assert first.app.scheduler.armed() == set()
        await clock.advance_to(START + timedelta(minutes=2))
        assert second.app.scheduler.armed() == {servers[1].schedule_id}
        assert first.app.scheduler.armed() == set()  # its own polls leave it alone too
        await clock.advance_to(WEDNESDAY_18)
        await fake.wait_for_request("POST", rf"/channels/{servers[1].topics}/messages/\d+/threads")
    assert topic_posts(fake, servers[1]) == [(SOURCES[1], f"{TOPIC_POST}What clicked on shard 1?")]
    assert await statuses(any_database, servers[1]) == [(WEDNESDAY_18, DONE)]
