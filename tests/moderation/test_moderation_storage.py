"""Moderation storage on SQLite and PostgreSQL: cases, expiry, claims across processes, forget."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from adapters.console.platform import ConsolePlatform
from adapters.console.world import ConsoleWorld
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.events import Actor, MessageReported
from bot.levels import Level
from bot.moderation.actions import Action, Moderator
from bot.moderation.cases import CaseKind
from bot.moderation.queue import NewFlag
from bot.moderation.subjects import subject_of
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, UserRef
from bot.settings import Settings
from bot.shared.communities import ChannelPurpose
from bot.storage.database import Database
from bot.storage.models import ModCase, ModFlag, ModFlagReporter
from tests.storage.support import other_process

COMMUNITY = CommunityRef("console", "console")
CARL = Actor(UserRef("console", "carl"), "carl")
MIA = Actor(UserRef("console", "mia"), "mia", platform_level=Level.MODERATOR)
MAX = Actor(UserRef("console", "max"), "max", platform_level=Level.MODERATOR)


@pytest.fixture
def app(any_database: Database, settings: Settings, clock: VirtualClock) -> App:
    """The app on the database under test (SQLite, then PostgreSQL)."""
    return build_app(settings, clock, database=any_database)


@pytest.fixture
def platform(clock: VirtualClock) -> ConsolePlatform:
    """A console platform whose world knows carl, mia and max."""
    world = ConsoleWorld(clock)
    world.member("carl")
    world.member("mia").level = Level.MODERATOR
    world.member("max").level = Level.MODERATOR
    return ConsolePlatform(world, lambda _record: None)


async def _warn(app: App, platform: ConsolePlatform, community_id: int) -> int:
    moderation = app.services.moderation
    mia = await app.services.members.resolve(community_id, MIA)
    target = await moderation.target(platform, COMMUNITY, community_id, CARL.user)
    action = Action(
        community=COMMUNITY,
        community_id=community_id,
        kind=CaseKind.WARN,
        target=target,
        moderator=Moderator(mia.id, "mia", mia.level),
        reason="be kind",
        excerpt="you are all idiots",
    )
    return (await moderation.perform(platform, action)).case.id


async def test_cases_count_as_active_warnings_until_they_expire(
    app: App, platform: ConsolePlatform, clock: VirtualClock
) -> None:
    community_id = await app.services.communities.ensure(COMMUNITY)
    case_id = await _warn(app, platform, community_id)
    cases = app.services.moderation.cases
    carl = await app.services.members.find_id(community_id, "carl")
    subject = await subject_of(app.database, carl)
    assert await cases.active_warnings(subject, clock.now()) == 1
    assert await cases.active_warnings(subject, clock.now() + timedelta(days=90)) == 0
    assert await cases.acknowledge(case_id, carl, clock.now())
    assert not await cases.acknowledge(case_id, carl, clock.now())
    [info] = await cases.of_member(carl)
    assert (info.kind, info.moderator_external_id, info.acknowledged_at) == (
        CaseKind.WARN,
        "mia",
        clock.now(),
    )


async def with_modqueue(app: App) -> int:
    """Return the console community's id, its mod-queue channel set."""
    community_id = await app.services.communities.ensure(COMMUNITY)
    await app.services.communities.assign_channel(
        community_id, ChannelPurpose.MODQUEUE, ChannelRef("console", "modqueue")
    )
    return community_id


async def test_two_processes_pressing_one_card_act_once(
    app: App, platform: ConsolePlatform, any_database: Database, clock: VirtualClock
) -> None:
    services = app.services
    community_id = await with_modqueue(app)
    platform.world.add_message("general", "carl", "rude")
    target = await services.moderation.target(platform, COMMUNITY, community_id, CARL.user)
    flag_id = await services.flags.open(
        platform,
        NewFlag(
            community_id=community_id,
            source="report",
            author=target,
            channel=ChannelRef("console", "general"),
            message=MessageRef("console", "general", "m1"),
            excerpt="rude",
        ),
    )
    assert flag_id is not None
    mia = await services.members.resolve(community_id, MIA)
    max_ = await services.members.resolve(community_id, MAX)
    async with other_process(any_database) as elsewhere:
        second = build_app(app.settings, clock, database=elsewhere)
        said = await asyncio.gather(
            services.flags.press(
                platform, community_id, flag_id, "warn", Moderator(mia.id, "mia", mia.level), None
            ),
            second.services.flags.press(
                platform, community_id, flag_id, "warn", Moderator(max_.id, "max", max_.level), None
            ),
        )
    assert sum("already handled" in text for text in said) == 1
    async with any_database.session() as session:
        assert len((await session.execute(select(ModCase))).all()) == 1


async def test_forgetting_a_member_anonymises_their_cases_and_drops_their_flags(
    app: App, platform: ConsolePlatform, any_database: Database
) -> None:
    services = app.services
    community_id = await with_modqueue(app)
    await _warn(app, platform, community_id)
    carl = await services.members.find_id(community_id, "carl")
    mia = await services.members.resolve(community_id, MIA)
    target = await services.moderation.target(platform, COMMUNITY, community_id, CARL.user)
    note = Action(
        COMMUNITY,
        community_id,
        CaseKind.NOTE,
        target,
        Moderator(mia.id, "mia", mia.level),
        "private",
    )
    await services.moderation.perform(platform, note)
    await services.flags.open(
        platform,
        NewFlag(community_id, "report", target, None, None, "rude", reporter_id=mia.id),
    )
    await services.members.forget(carl)
    async with any_database.session() as session:
        rows = (await session.execute(select(ModCase))).scalars().all()
        flags = (await session.execute(select(ModFlag))).scalars().all()
    assert [(row.kind, row.member_id, row.excerpt, row.reason) for row in rows] == [
        ("warn", None, None, "be kind")
    ]
    assert flags == []
    # The moderator's own forget keeps the record too, without naming them.
    await services.members.forget(mia.id)
    async with any_database.session() as session:
        [row] = (await session.execute(select(ModCase))).scalars().all()
    assert row.moderator_id is None


async def test_two_processes_reporting_one_message_share_one_card(
    app: App, platform: ConsolePlatform, any_database: Database, clock: VirtualClock
) -> None:
    services = app.services
    await with_modqueue(app)
    rude = platform.world.add_message("general", "carl", "rude")
    message = MessageRef("console", "general", rude.id)

    def report(name: str) -> MessageReported:
        return MessageReported(
            community=COMMUNITY,
            at=clock.now(),
            actor=Actor(UserRef("console", name), name),
            interaction=InteractionRef(
                "console", f"t-{name}", f"t-{name}", message.channel, UserRef("console", name)
            ),
            message=message,
            author=CARL.user,
            reason=f"{name} finds it rude",
            excerpt="rude",
        )

    async with other_process(any_database) as elsewhere:
        second = build_app(app.settings, clock, database=elsewhere)
        await asyncio.gather(
            services.flag_intake.on_report(report("bob"), platform),
            second.services.flag_intake.on_report(report("dan"), platform),
        )
    async with any_database.session() as session:
        [flag_id] = (await session.execute(select(ModFlag.id))).scalars().all()
        reporters = (await session.execute(select(ModFlagReporter.flag_id))).scalars().all()
    assert reporters == [flag_id, flag_id]
    cards = [m for m in platform.world.messages.values() if m.channel_id == "modqueue"]
    assert len(cards) == 1
