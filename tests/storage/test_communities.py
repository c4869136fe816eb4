"""Communities: created once (even by racing processes), and their time zone, channels, roles."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound

from bot.clock import VirtualClock
from bot.events import Actor
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, UserRef
from bot.shared.communities import ChannelPurpose, CommunityService, CommunitySetup
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import ChannelAssignment, Community, RoleLevel
from tests.conftest import COMMUNITY, START
from tests.storage.support import (
    count_rows,
    on_statements,
    other_process,
    statements,
    writes_held,
)


async def test_ensure_creates_the_row_with_defaults(
    any_database: Database, clock: VirtualClock
) -> None:
    service = CommunityService(any_database, clock, "Europe/Berlin")
    community_id = await service.ensure(COMMUNITY)

    async with any_database.session() as session:
        community = await session.get_one(Community, community_id)
    assert (community.platform, community.external_id) == ("console", "learning-lab")
    assert community.timezone == "Europe/Berlin"
    assert community.created_at == START


async def test_ensure_is_idempotent(any_database: Database, clock: VirtualClock) -> None:
    first = await CommunityService(any_database, clock, "UTC").ensure(COMMUNITY)
    # A new service has no cache, so this finds the existing row in the database.
    again = await CommunityService(any_database, clock, "UTC").ensure(COMMUNITY)
    assert again == first
    assert await count_rows(any_database, Community.__table__) == 1


async def test_ensure_tells_communities_apart_by_platform_and_id(
    communities: CommunityService, any_database: Database
) -> None:
    ids = {
        await communities.ensure(CommunityRef("discord", "1")),
        await communities.ensure(CommunityRef("slack", "1")),
        await communities.ensure(CommunityRef("discord", "2")),
    }
    assert len(ids) == 3
    assert await count_rows(any_database, Community.__table__) == 3


async def test_ensure_answers_from_its_cache_after_the_first_call(
    communities: CommunityService, any_database: Database
) -> None:
    community_id = await communities.ensure(COMMUNITY)
    with statements(any_database) as seen:
        assert await communities.ensure(COMMUNITY) == community_id
    assert seen == []


async def test_two_processes_ensuring_at_once_end_with_one_row(
    any_database: Database, clock: VirtualClock
) -> None:
    async with other_process(any_database) as second_database:
        here = CommunityService(any_database, clock, "UTC")
        there = CommunityService(second_database, clock, "UTC")
        databases = [any_database, second_database]

        # Both look the community up and find nothing before either may insert it, so one of
        # them must lose the insert and fall back to the other's row.
        with on_statements(databases, "INSERT", 2) as both_inserting:
            async with writes_held(any_database, "communities"):
                racing = asyncio.gather(here.ensure(COMMUNITY), there.ensure(COMMUNITY))
                await asyncio.wait_for(both_inserting.wait(), timeout=30)
            first, second = await racing

    assert first == second
    assert await count_rows(any_database, Community.__table__) == 1


async def test_many_concurrent_ensures_agree_on_ids(
    any_database: Database, clock: VirtualClock
) -> None:
    refs = [CommunityRef("discord", str(number)) for number in range(8)]
    async with other_process(any_database) as second_database:
        here = CommunityService(any_database, clock, "UTC")
        there = CommunityService(second_database, clock, "UTC")

        results = await asyncio.gather(
            *(service.ensure(ref) for ref in refs for service in (here, there))
        )

    ids_here, ids_there = results[0::2], results[1::2]
    assert ids_here == ids_there
    assert len(set(ids_here)) == len(refs)
    assert await count_rows(any_database, Community.__table__) == len(refs)


async def test_timezone_is_stored_and_read_back(
    communities: CommunityService, community_id: int, any_database: Database, clock: VirtualClock
) -> None:
    assert await communities.timezone(community_id) == "UTC"

    await communities.set_timezone(community_id, "America/Sao_Paulo")

    assert await communities.timezone(community_id) == "America/Sao_Paulo"
    fresh = CommunityService(any_database, clock, "UTC")
    assert await fresh.timezone(community_id) == "America/Sao_Paulo"


async def test_timezone_of_an_unknown_community_raises(communities: CommunityService) -> None:
    with pytest.raises(NoResultFound):
        await communities.timezone(999)
    with pytest.raises(NoResultFound):
        await communities.set_timezone(999, "UTC")


async def test_channel_assignment_and_reassignment_keep_one_row_per_purpose(
    communities: CommunityService, community_id: int, any_database: Database
) -> None:
    assert await communities.channel_for(community_id, "console", ChannelPurpose.INTROS) is None

    await communities.assign_channel(
        community_id, ChannelPurpose.INTROS, ChannelRef("console", "#hello")
    )
    await communities.assign_channel(
        community_id, ChannelPurpose.TOPICS, ChannelRef("console", "#topics")
    )
    await communities.assign_channel(
        community_id, ChannelPurpose.INTROS, ChannelRef("console", "#welcome")
    )

    assert await communities.channel_for(
        community_id, "console", ChannelPurpose.INTROS
    ) == ChannelRef("console", "#welcome")
    assert await communities.channel_for(
        community_id, "console", ChannelPurpose.TOPICS
    ) == ChannelRef("console", "#topics")
    assert await communities.channel_for(community_id, "console", ChannelPurpose.MODLOG) is None
    async with any_database.session() as session:
        rows = await session.execute(
            select(ChannelAssignment.purpose, ChannelAssignment.channel_external_id).order_by(
                ChannelAssignment.purpose
            )
        )
        assert rows.all() == [("intros", "#welcome"), ("topics", "#topics")]


async def test_channels_belong_to_their_community(communities: CommunityService) -> None:
    first = await communities.ensure(CommunityRef("discord", "1"))
    second = await communities.ensure(CommunityRef("discord", "2"))
    await communities.assign_channel(first, ChannelPurpose.HOSTS, ChannelRef("discord", "c1"))
    await communities.assign_channel(second, ChannelPurpose.HOSTS, ChannelRef("discord", "c2"))

    assert await communities.channel_for(first, "discord", ChannelPurpose.HOSTS) == ChannelRef(
        "discord", "c1"
    )
    assert await communities.channel_for(second, "discord", ChannelPurpose.HOSTS) == ChannelRef(
        "discord", "c2"
    )


async def test_role_levels_are_replaced_and_member_removes_the_mapping(
    communities: CommunityService, community_id: int, any_database: Database
) -> None:
    await communities.set_role_level(community_id, "role-mods", Level.HOST)
    await communities.set_role_level(community_id, "role-mods", Level.MODERATOR)
    await communities.set_role_level(community_id, "role-admins", Level.ADMIN)
    await communities.set_role_level(community_id, "role-admins", Level.MEMBER)
    await communities.set_role_level(community_id, "role-never-set", Level.MEMBER)

    async with any_database.session() as session:
        rows = await session.execute(select(RoleLevel.role_external_id, RoleLevel.level))
        assert rows.all() == [("role-mods", int(Level.MODERATOR))]


async def test_describe_reports_the_whole_setup(
    communities: CommunityService, community_id: int
) -> None:
    other = await communities.ensure(CommunityRef("console", "elsewhere"))
    await communities.set_role_level(other, "role-elsewhere", Level.ADMIN)
    await communities.assign_channel(other, ChannelPurpose.MODLOG, ChannelRef("console", "#x"))

    await communities.set_timezone(community_id, "Asia/Kolkata")
    await communities.assign_channel(
        community_id, ChannelPurpose.MODQUEUE, ChannelRef("console", "#queue")
    )
    await communities.assign_channel(
        community_id, ChannelPurpose.BUDDIES, ChannelRef("console", "#buddies")
    )
    await communities.set_role_level(community_id, "role-hosts", Level.HOST)

    setup = await communities.describe(community_id, "console")

    assert setup == CommunitySetup(
        timezone="Asia/Kolkata",
        channels={
            ChannelPurpose.MODQUEUE: ChannelRef("console", "#queue"),
            ChannelPurpose.BUDDIES: ChannelRef("console", "#buddies"),
        },
        role_levels={"role-hosts": Level.HOST},
    )
    assert all(isinstance(level, Level) for level in setup.role_levels.values())


async def test_describe_a_fresh_community(communities: CommunityService, community_id: int) -> None:
    assert await communities.describe(community_id, "console") == CommunitySetup(
        timezone="UTC", channels={}, role_levels={}
    )


async def test_describe_lists_member_overrides_of_this_community_only(
    communities: CommunityService, community_id: int, members: MemberService
) -> None:
    other = await communities.ensure(CommunityRef("console", "elsewhere"))
    for where, user, level in [
        (community_id, "bob", Level.MODERATOR),
        (community_id, "ann", Level.HOST),
        (community_id, "cat", None),
        (other, "dan", Level.HOST),
    ]:
        member = await members.resolve(where, Actor(UserRef("console", user), user))
        await members.set_level_override(member.id, level)

    setup = await communities.describe(community_id, "console")

    assert setup.member_levels == {"ann": Level.HOST, "bob": Level.MODERATOR}
    assert list(setup.member_levels) == ["ann", "bob"]
