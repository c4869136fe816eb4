"""Members: created on first sight, kept in step with the platform, levels, time zones.

Interests and profiles are in test_member_profiles.py."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.clock import VirtualClock
from bot.errors import NotFoundError
from bot.events import Actor
from bot.levels import Level
from bot.refs import CommunityRef, UserRef
from bot.shared.communities import CommunityService
from bot.shared.members import (
    MAX_DISPLAY_NAME_LENGTH,
    MemberService,
)
from bot.storage.database import Database
from bot.storage.models import Member
from tests.conftest import START
from tests.storage.support import (
    count_rows,
    on_statements,
    other_process,
    statements,
    writes,
    writes_held,
)


def actor(
    user_id: str = "u-alice",
    name: str = "Alice",
    level: Level = Level.MEMBER,
    roles: frozenset[str] = frozenset(),
) -> Actor:
    return Actor(UserRef("console", user_id), name, platform_level=level, role_ids=roles)


async def _member_row(database: Database, member_id: int) -> Member | None:
    async with database.session() as session:
        return await session.get(Member, member_id)


async def test_resolve_creates_the_member_on_first_sight(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    info = await members.resolve(community_id, actor())

    assert (info.external_id, info.display_name, info.level, info.timezone) == (
        "u-alice",
        "Alice",
        Level.MEMBER,
        None,
    )
    row = await _member_row(any_database, info.id)
    assert row is not None
    assert (row.community_id, row.external_id, row.display_name) == (
        community_id,
        "u-alice",
        "Alice",
    )
    assert (row.joined_at, row.left_at, row.last_active_at, row.level_override) == (
        None,
        None,
        None,
        None,
    )


async def test_resolve_again_finds_the_same_member_without_writing(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    first = await members.resolve(community_id, actor())
    with statements(any_database) as seen:
        again = await members.resolve(community_id, actor())
    assert again == first
    assert seen, "resolve should have read the member"
    assert writes(seen) == []
    assert await count_rows(any_database, Member.__table__) == 1


async def test_resolve_updates_a_changed_display_name(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    first = await members.resolve(community_id, actor(name="Alice"))
    renamed = await members.resolve(community_id, actor(name="Alice B."))

    assert renamed.id == first.id
    assert renamed.display_name == "Alice B."
    row = await _member_row(any_database, first.id)
    assert row is not None
    assert row.display_name == "Alice B."
    assert await count_rows(any_database, Member.__table__) == 1


async def test_the_same_user_in_two_communities_is_two_members(
    members: MemberService, communities: CommunityService, community_id: int
) -> None:
    elsewhere = await communities.ensure(CommunityRef("console", "elsewhere"))
    here = await members.resolve(community_id, actor())
    there = await members.resolve(elsewhere, actor())
    assert here.id != there.id


@pytest.mark.parametrize(
    ("platform", "override", "roles", "expected"),
    [
        (Level.MEMBER, None, frozenset(), Level.MEMBER),
        (Level.MODERATOR, None, frozenset(), Level.MODERATOR),
        (Level.MEMBER, Level.HOST, frozenset(), Level.HOST),
        (Level.ADMIN, Level.HOST, frozenset(), Level.ADMIN),
        (Level.MEMBER, None, frozenset({"role-host"}), Level.HOST),
        (Level.MEMBER, None, frozenset({"role-host", "role-mod"}), Level.MODERATOR),
        (Level.MEMBER, Level.ADMIN, frozenset({"role-mod"}), Level.ADMIN),
        (Level.HOST, None, frozenset({"role-unmapped"}), Level.HOST),
    ],
)
async def test_level_is_the_highest_of_platform_override_and_roles(
    members: MemberService,
    communities: CommunityService,
    community_id: int,
    platform: Level,
    override: Level | None,
    roles: frozenset[str],
    expected: Level,
) -> None:
    await communities.set_role_level(community_id, "role-host", Level.HOST)
    await communities.set_role_level(community_id, "role-mod", Level.MODERATOR)
    member = await members.resolve(community_id, actor(level=platform, roles=roles))
    await members.set_level_override(member.id, override)

    info = await members.resolve(community_id, actor(level=platform, roles=roles))

    assert info.level == expected
    assert isinstance(info.level, Level)


async def test_role_set_back_to_member_no_longer_grants_a_level(
    members: MemberService, communities: CommunityService, community_id: int
) -> None:
    hosting = actor(roles=frozenset({"role-host"}))
    await communities.set_role_level(community_id, "role-host", Level.HOST)
    assert (await members.resolve(community_id, hosting)).level == Level.HOST

    await communities.set_role_level(community_id, "role-host", Level.MEMBER)

    assert (await members.resolve(community_id, hosting)).level == Level.MEMBER


async def test_roles_configured_in_another_community_grant_nothing(
    members: MemberService, communities: CommunityService, community_id: int
) -> None:
    elsewhere = await communities.ensure(CommunityRef("console", "elsewhere"))
    await communities.set_role_level(elsewhere, "role-admin", Level.ADMIN)

    info = await members.resolve(community_id, actor(roles=frozenset({"role-admin"})))

    assert info.level == Level.MEMBER


async def test_level_comes_with_the_first_resolve_and_with_a_rename(
    members: MemberService, communities: CommunityService, community_id: int
) -> None:
    # Both resolve paths (new member, changed name) write the row; both must still apply roles.
    await communities.set_role_level(community_id, "role-mod", Level.MODERATOR)
    modding = frozenset({"role-mod"})
    assert (await members.resolve(community_id, actor(roles=modding))).level == Level.MODERATOR
    renamed = await members.resolve(community_id, actor(name="Al", roles=modding))
    assert renamed.level == Level.MODERATOR


async def test_clearing_the_override_returns_to_the_platform_level(
    members: MemberService, community_id: int
) -> None:
    member = await members.resolve(community_id, actor())
    await members.set_level_override(member.id, Level.ADMIN)
    assert (await members.resolve(community_id, actor())).level == Level.ADMIN

    await members.set_level_override(member.id, None)

    assert (await members.resolve(community_id, actor())).level == Level.MEMBER


async def test_two_processes_resolving_the_same_actor_at_once_make_one_row(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    async with other_process(any_database) as second_database:
        here = MemberService(any_database, clock)
        there = MemberService(second_database, clock)
        databases = [any_database, second_database]

        # Both miss the member on their first read; only then may either insert.
        with on_statements(databases, "INSERT", 2) as both_inserting:
            async with writes_held(any_database, "members"):
                racing = asyncio.gather(
                    here.resolve(community_id, actor(name="Alice")),
                    there.resolve(community_id, actor(name="Alice")),
                )
                await asyncio.wait_for(both_inserting.wait(), timeout=30)
            first, second = await racing

    assert first == second
    assert await count_rows(any_database, Member.__table__) == 1


async def test_record_joined_and_left(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    joined_at = START + timedelta(hours=1)
    member_id = await members.record_joined(community_id, actor(), joined_at)

    row = await _member_row(any_database, member_id)
    assert row is not None
    assert (row.joined_at, row.left_at) == (joined_at, None)
    assert row.joined_at is not None
    assert row.joined_at.tzinfo is not None

    left_at = START + timedelta(days=3)
    await members.record_left(community_id, actor(name="Alice (gone)"), left_at)

    row = await _member_row(any_database, member_id)
    assert row is not None
    assert (row.joined_at, row.left_at, row.display_name) == (joined_at, left_at, "Alice (gone)")

    rejoined_at = START + timedelta(days=10)
    assert await members.record_joined(community_id, actor(), rejoined_at) == member_id

    row = await _member_row(any_database, member_id)
    assert row is not None
    assert (row.joined_at, row.left_at, row.display_name) == (rejoined_at, None, "Alice")
    assert await count_rows(any_database, Member.__table__) == 1


async def test_a_channel_join_keeps_the_first_join_time(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    joined_at = START + timedelta(hours=1)
    member_id = await members.record_joined(community_id, actor(), joined_at)
    later = START + timedelta(days=20)
    assert await members.record_joined(community_id, actor(), later, first_only=True) == member_id
    row = await _member_row(any_database, member_id)
    assert row is not None
    assert row.joined_at == joined_at

    newcomer = actor(user_id="U-NEW", name="Nia")
    new_id = await members.record_joined(community_id, newcomer, later, first_only=True)
    row = await _member_row(any_database, new_id)
    assert row is not None
    assert row.joined_at == later, "a member first seen in a channel join has joined then"


async def test_joining_keeps_what_the_member_set_up(
    members: MemberService, community_id: int
) -> None:
    member = await members.resolve(community_id, actor())
    await members.set_timezone(member.id, "Europe/Paris")
    await members.set_interests(member.id, ["chess"])
    await members.set_level_override(member.id, Level.HOST)

    await members.record_left(community_id, actor(), START)
    await members.record_joined(community_id, actor(), START + timedelta(days=1))

    info = await members.resolve(community_id, actor())
    assert (info.id, info.timezone, info.level) == (member.id, "Europe/Paris", Level.HOST)
    assert (await members.profile(member.id)).interests == ["chess"]


async def test_record_left_of_an_unseen_member_creates_them(
    members: MemberService, community_id: int
) -> None:
    await members.record_left(community_id, actor("u-bob", "Bob"), START)
    member_id = await members.find_id(community_id, "u-bob")
    assert (await members.profile(member_id)).joined_at is None


async def test_find_id(members: MemberService, community_id: int) -> None:
    member = await members.resolve(community_id, actor())
    assert await members.find_id(community_id, "u-alice") == member.id
    with pytest.raises(NotFoundError, match="u-nobody"):
        await members.find_id(community_id, "u-nobody")


async def test_find_id_looks_only_in_the_given_community(
    members: MemberService, communities: CommunityService, community_id: int
) -> None:
    await members.resolve(community_id, actor())
    elsewhere = await communities.ensure(CommunityRef("console", "elsewhere"))
    with pytest.raises(NotFoundError):
        await members.find_id(elsewhere, "u-alice")


async def test_long_display_names_are_cut_to_the_column_on_both_backends(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    # The column is VARCHAR(200): SQLite ignores the length, PostgreSQL refuses longer values.
    long_name = "N" * (MAX_DISPLAY_NAME_LENGTH + 100)
    info = await members.resolve(community_id, actor(name=long_name))
    assert info.display_name == "N" * MAX_DISPLAY_NAME_LENGTH

    with statements(any_database) as seen:
        again = await members.resolve(community_id, actor(name=long_name))
    assert again == info
    assert writes(seen) == [], "an unchanged long name should not be rewritten every time"


async def test_a_forgotten_members_id_is_never_given_to_a_new_member(
    members: MemberService, community_id: int
) -> None:
    # Another process may still hold the old id (pending activity); reusing it would let that
    # process write onto someone else.
    alice = await members.resolve(community_id, actor("alice"))
    await members.forget(alice.id)

    carol = await members.resolve(community_id, actor("carol"))

    assert carol.id != alice.id


async def test_the_platforms_time_zone_fills_a_gap_but_never_overrides_the_members(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    slack_user = Actor(UserRef("slack", "U1"), "Alice", timezone="America/Los_Angeles")
    first = await members.resolve(community_id, slack_user)
    assert first.timezone == "America/Los_Angeles"
    with statements(any_database) as seen:
        await members.resolve(community_id, slack_user)
    assert writes(seen) == []  # known and unchanged: a read only
    await members.set_timezone(first.id, "Europe/Berlin")
    moved = Actor(UserRef("slack", "U1"), "Alice", timezone="Asia/Tokyo")
    assert (await members.resolve(community_id, moved)).timezone == "Europe/Berlin"
    joined = await members.record_joined(community_id, moved, START)
    row = await _member_row(any_database, joined)
    assert row is not None
    assert row.timezone == "Europe/Berlin"


async def test_a_member_without_a_zone_gets_the_platforms_on_their_next_command(
    members: MemberService, community_id: int
) -> None:
    before = await members.resolve(community_id, actor(user_id="U2"))
    assert before.timezone is None
    later = Actor(UserRef("console", "U2"), "Alice", timezone="Europe/Paris")
    assert (await members.resolve(community_id, later)).timezone == "Europe/Paris"
