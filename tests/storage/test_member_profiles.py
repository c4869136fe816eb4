"""Members' profiles: interests cleaned and limited, time zones, when they joined."""

from __future__ import annotations

import pytest

from bot.errors import UserFacingError
from bot.shared.members import MAX_INTEREST_LENGTH, MAX_INTERESTS, MemberService, Profile
from bot.storage.database import Database
from bot.storage.models import MemberInterest
from tests.conftest import START
from tests.storage.support import count_rows
from tests.storage.test_members import actor


async def test_interests_are_cleaned_and_keep_their_order(
    members: MemberService, community_id: int
) -> None:
    member = await members.resolve(community_id, actor())

    cleaned = await members.set_interests(
        member.id, ["  Rust ", "machine   learning", "", "   ", "rust", "Chess", "MACHINE learning"]
    )

    assert cleaned == ["Rust", "machine learning", "Chess"]
    assert (await members.profile(member.id)).interests == cleaned


async def test_interests_are_replaced_not_merged(
    members: MemberService, community_id: int, any_database: Database
) -> None:
    member = await members.resolve(community_id, actor())
    await members.set_interests(member.id, ["go", "chess", "piano"])

    await members.set_interests(member.id, ["piano", "go"])

    assert (await members.profile(member.id)).interests == ["piano", "go"]
    assert await count_rows(any_database, MemberInterest.__table__) == 2

    await members.set_interests(member.id, [])
    assert (await members.profile(member.id)).interests == []


async def test_long_interests_are_cut_to_the_limit(
    members: MemberService, community_id: int
) -> None:
    member = await members.resolve(community_id, actor())
    cut_at_a_space = "a" * (MAX_INTEREST_LENGTH - 1) + " tail"

    cleaned = await members.set_interests(member.id, ["x" * 500, cut_at_a_space])

    assert cleaned == ["x" * MAX_INTEREST_LENGTH, "a" * (MAX_INTEREST_LENGTH - 1)]
    assert (await members.profile(member.id)).interests == cleaned


async def test_more_than_the_maximum_interests_is_refused_and_nothing_changes(
    members: MemberService, community_id: int
) -> None:
    member = await members.resolve(community_id, actor())
    await members.set_interests(member.id, ["chess"])
    too_many = [f"topic {number}" for number in range(MAX_INTERESTS + 1)]

    with pytest.raises(UserFacingError, match=str(MAX_INTERESTS)):
        await members.set_interests(member.id, too_many)

    assert (await members.profile(member.id)).interests == ["chess"]


async def test_duplicates_do_not_count_towards_the_maximum(
    members: MemberService, community_id: int
) -> None:
    member = await members.resolve(community_id, actor())
    allowed = [f"topic {number}" for number in range(MAX_INTERESTS)]

    cleaned = await members.set_interests(member.id, [*allowed, "TOPIC 0", " topic 1 "])

    assert cleaned == allowed


async def test_interests_belong_to_their_member(members: MemberService, community_id: int) -> None:
    alice = await members.resolve(community_id, actor())
    bob = await members.resolve(community_id, actor("u-bob", "Bob"))
    await members.set_interests(alice.id, ["chess"])
    await members.set_interests(bob.id, ["chess", "go"])

    await members.set_interests(alice.id, ["piano"])

    assert (await members.profile(alice.id)).interests == ["piano"]
    assert (await members.profile(bob.id)).interests == ["chess", "go"]


async def test_set_timezone_shows_in_resolve_and_profile(
    members: MemberService, community_id: int
) -> None:
    member = await members.resolve(community_id, actor())
    await members.set_timezone(member.id, "Asia/Tokyo")

    assert (await members.resolve(community_id, actor())).timezone == "Asia/Tokyo"
    assert await members.profile(member.id) == Profile("Asia/Tokyo", [], None)


async def test_profile_reports_when_the_member_joined(
    members: MemberService, community_id: int
) -> None:
    member_id = await members.record_joined(community_id, actor(), START)
    await members.set_interests(member_id, ["poetry"])
    assert await members.profile(member_id) == Profile(None, ["poetry"], START)
