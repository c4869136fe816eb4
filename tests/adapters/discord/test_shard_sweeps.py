"""Sweeps split between two processes by Discord shard, against one fake Discord.

Two servers, one on each of two shards, each with an intro reminder, a buddy check-in and a
quiet member's nudge falling due. Two processes run shard 0 and shard 1 (each its own app,
engine and loopback address, as in `test_shards.py`); both sweep at the same virtual moments.
Each server's direct messages are sent once, by the process that runs its shard: the other
process neither sends nor claims them. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import aiohttp
import pytest

from adapters.discord.settings import DiscordSettings
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.events import Actor
from bot.pairing.store import NewRound, record_round
from bot.refs import CommunityRef, UserRef
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import Newcomer
from tests.adapters.discord.fake_payloads import FakeGuild
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.running import running_bot
from tests.conftest import START
from tests.wall_time import SteppedTime

SOURCES = {0: "127.0.0.1", 1: "127.0.0.2"}  # shard -> the address its process talks from
DAYTIME = START.replace(hour=10)  # the first sweep at which nudges go out (10:00 UTC)
REMINDER, CHECK_IN, NUDGE = "You joined a few days ago", "Halfway check-in", "haven't seen you"


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord (its first server is on no shard we use: it stays empty)."""
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def guilds(fake: FakeDiscord) -> dict[int, FakeGuild]:
    """A server on shard 0 and one on shard 1 (of 2)."""
    return {shard: fake.add_guild(shard=shard, of=2) for shard in (0, 1)}


@asynccontextmanager
async def shard_process(
    settings: Settings, database: Database, clock: VirtualClock, fake: FakeDiscord, shard: int
) -> AsyncIterator[App]:
    """Run a bot process on `shard` of 2 from its own address; stop it on exit."""
    app = build_app(settings, clock, database=database.another(), wall_time=SteppedTime())
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
        async with running_bot(app, discord, fake, connector=connector):
            yield app
    finally:
        await app.close()


async def join(app: App, community_id: int, guild: FakeGuild, name: str, days: int) -> int:
    """Add `name` to the server and record them joining `days` before START; return their row."""
    actor = Actor(UserRef("discord", guild.add_member(name)), name)
    return await app.services.members.record_joined(
        community_id, actor, START - timedelta(days=days)
    )


async def seed(app: App, guild: FakeGuild) -> None:
    """A newcomer due their intro reminder, a buddy group due its check-in, a quiet member."""
    community_id = await app.services.communities.ensure(CommunityRef("discord", guild.id))
    newcomer = await join(app, community_id, guild, "newcomer", days=4)
    first = await join(app, community_id, guild, "a", days=2)
    second = await join(app, community_id, guild, "b", days=2)
    await join(app, community_id, guild, "quiet", days=21)
    round_ = NewRound(
        community_id,
        1,
        1,
        None,
        START - timedelta(days=3),
        START,  # check-in due
        START + timedelta(days=3),
        [(first, second)],
    )
    async with app.database.writing() as connection:
        await connection.execute(
            Newcomer.__table__.insert().values(
                member_id=newcomer, welcomed_at=START - timedelta(days=4)
            )
        )
        await record_round(connection, round_)


def direct_messages(fake: FakeDiscord) -> Counter[tuple[str, str, str]]:
    """Count the DMs sent, by (address they came from, recipient's user id, kind)."""
    recipients = {
        channel_id: channel["recipients"][0]["id"]
        for channel_id, channel in fake.guild.channels.items()
        if channel["type"] == 1
    }
    sent: Counter[tuple[str, str, str]] = Counter()
    for request in fake.requests:
        channel = request.path.removeprefix("/channels/").removesuffix("/messages")
        if request.method == "POST" and channel in recipients and request.status == 200:
            content = request.json["content"]
            kind = next(k for k in (REMINDER, CHECK_IN, NUDGE) if k in content)
            sent[(request.source, recipients[channel], kind)] += 1
    return sent


async def test_each_servers_reminder_check_in_and_nudge_go_once_from_its_own_process(
    settings: Settings, any_database: Database, fake: FakeDiscord, guilds: dict[int, FakeGuild]
) -> None:
    seeder = build_app(settings, VirtualClock(START), database=any_database.another())
    await seeder.start()
    try:
        for guild in guilds.values():
            await seed(seeder, guild)
    finally:
        await seeder.close()
    clock = VirtualClock(START)
    async with (
        shard_process(settings, any_database, clock, fake, 0),
        shard_process(settings, any_database, clock, fake, 1),
    ):
        await clock.advance_to(DAYTIME)

    expected: Counter[tuple[str, str, str]] = Counter()
    for shard, guild in guilds.items():
        source = SOURCES[shard]
        expected[(source, guild.user_id("newcomer"), REMINDER)] = 1
        expected[(source, guild.user_id("a"), CHECK_IN)] = 1
        expected[(source, guild.user_id("b"), CHECK_IN)] = 1
        expected[(source, guild.user_id("quiet"), NUDGE)] = 1
    assert direct_messages(fake) == expected
