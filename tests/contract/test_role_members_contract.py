"""The `Platform.role_members` contract: who holds a role, the same on every adapter.

A cohort may be "everyone holding a role", so each platform must list a role's members, leave
out everyone else and bots (the bot itself included), and refuse a role that does not exist.
"""

from __future__ import annotations

import pytest

from bot.errors import NotFoundError
from tests.contract.harness import PlatformHarness


async def test_the_holders_of_a_role_are_listed_and_nobody_else(harness: PlatformHarness) -> None:
    alice, bob, carl = harness.user("alice"), harness.user("bob"), harness.user("carl")
    mentors = await harness.role("mentors", [alice, carl])
    await harness.role("learners", [bob])
    listed = await harness.platform.role_members(harness.community, mentors)
    assert sorted(user.id for user in listed) == sorted([alice.id, carl.id])
    assert all(user.platform == harness.platform.name for user in listed)
    assert await harness.observed() == []  # a look-up changes nothing anyone sees


async def test_bots_holding_the_role_are_not_listed(harness: PlatformHarness) -> None:
    alice = harness.user("alice")
    helpers = await harness.role("helpers", [alice, harness.bot_user])
    assert await harness.platform.role_members(harness.community, helpers) == [alice]


async def test_a_role_nobody_holds_has_no_members(harness: PlatformHarness) -> None:
    harness.user("alice")
    empty = await harness.role("empty", [])
    assert await harness.platform.role_members(harness.community, empty) == []


async def test_a_role_that_does_not_exist_is_refused_clearly(harness: PlatformHarness) -> None:
    unknown = harness.unknown_role()
    with pytest.raises(NotFoundError) as refused:
        await harness.platform.role_members(harness.community, unknown)
    assert unknown.id in str(refused.value)
    assert "does not exist" in str(refused.value) or "no role" in str(refused.value)
