"""Who is in a Slack user group: usergroups.users.list, without the bots the directory knows."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.errors import PlatformRefused
from bot.refs import RoleRef, UserRef
from tests.contract.slack_harness import SlackHarness, slack_harness


@pytest.fixture
async def harness() -> AsyncIterator[SlackHarness]:
    """The Slack platform on a fake Slack."""
    async with slack_harness() as started:
        yield started


def calls_of(harness: SlackHarness, method: str) -> list[dict[str, object]]:
    return [call.arguments for call in harness.fake.calls if call.method == method]


async def test_bots_and_deactivated_accounts_the_directory_knows_are_dropped(
    harness: SlackHarness,
) -> None:
    workspace = harness.fake.workspace
    alice, gone = harness.user("alice"), harness.user("gone")
    helper = UserRef("slack", workspace.add_user("helper", bot=True))
    workspace.users[gone.id]["deleted"] = True
    mentors = await harness.role("mentors", [alice, gone, helper, UserRef("slack", "USLACKBOT")])
    for person in (gone, helper):  # seen before, as the people of interactions are
        await harness.platform.member(harness.community, person)
    assert await harness.platform.role_members(harness.community, mentors) == [alice]
    assert calls_of(harness, "usergroups.users.list") == [{"usergroup": mentors.id}]


async def test_a_group_is_one_call_however_many_people_the_directory_has_not_seen(
    harness: SlackHarness,
) -> None:
    people = [harness.user(f"person{number}") for number in range(40)]
    group = await harness.role("everyone", people)
    assert await harness.platform.role_members(harness.community, group) == people
    assert calls_of(harness, "users.info") == []  # nobody looked up one by one


async def test_an_org_wide_install_names_the_workspace(harness: SlackHarness) -> None:
    harness.fake.workspace.enterprise_id = "E0COHORT"
    group = await harness.role("mentors", [harness.user("alice")])
    await harness.platform.role_members(harness.community, group)
    [asked] = calls_of(harness, "usergroups.users.list")
    assert asked["team_id"] == harness.fake.workspace.team_id


async def test_without_the_scope_the_refusal_says_to_reinstall(harness: SlackHarness) -> None:
    harness.fake.workspace.granted = {"chat:write", "users:read"}
    group = await harness.role("mentors", [harness.user("alice")])
    with pytest.raises(PlatformRefused, match="reinstall it from `cohort slack manifest`"):
        await harness.platform.role_members(harness.community, group)


async def test_a_free_workspace_is_told_user_groups_need_a_paid_plan(
    harness: SlackHarness,
) -> None:
    harness.fake.workspace.plan_has_groups = False
    with pytest.raises(PlatformRefused, match="paid plans"):
        await harness.platform.role_members(harness.community, RoleRef("slack", "S0001"))
