"""/cohort on Slack through the real bolt app: a followed home channel kept in step by
member_joined_channel and member_left_channel, a user group's members, refusals in private."""

from __future__ import annotations

from asyncio import Queue
from typing import Any

from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.events import MemberJoined, MemberLeft
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def cohort(driver: SlackDriver, fake: FakeSlack, text: str) -> dict[str, Any]:
    """Run `/cohort <text>` as the workspace's admin; return the answer."""
    body = await driver.command("admin", text, command="/cohort")
    return await response_to(fake, body)


def channel_event(fake: FakeSlack, kind: str, name: str, channel: str) -> dict[str, Any]:
    """Return a member_joined_channel or member_left_channel event."""
    return {
        "type": kind,
        "user": fake.workspace.user_id(name),
        "channel": channel,
        "channel_type": "C",
        "team": fake.workspace.team_id,
        "event_ts": fake.now_ts(),
    }


async def test_a_followed_cohort_follows_its_home_channels_joins_and_leaves(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    spring = fake.workspace.add_channel("spring")
    assert (
        "Created the cohort spring"
        in (await cohort(driver, fake, f"create spring <#{spring}|spring>"))["text"]
    )
    followed = await cohort(driver, fake, "follow spring")
    assert "whoever joins it from now on is in the cohort" in followed["text"]
    handled: Queue[object] = Queue()

    async def after_the_cohorts(event: MemberJoined | MemberLeft, _platform: object) -> None:
        await handled.put(event)

    # Handlers run in subscription order: these run once the cohort's handlers are done.
    app.dispatcher.subscribe(MemberJoined, after_the_cohorts)
    app.dispatcher.subscribe(MemberLeft, after_the_cohorts)
    for kind, name, channel in (
        ("member_joined_channel", "gil", spring),
        ("member_joined_channel", "ada", spring),
        ("member_joined_channel", "bo", fake.workspace.general),
        ("member_left_channel", "ada", spring),
    ):
        await driver.event(channel_event(fake, kind, name, channel))
        await handled.get()
    gil = fake.workspace.user_id("gil")
    shown = (await cohort(driver, fake, "show spring"))["text"]
    assert f"1 member: <@{gil}>" in shown
    assert "Follows its home channel: 1 member joined since." in shown
    listed = await driver.command("gil", "list", command="/cohort")
    assert (await response_to(fake, listed))["text"] == "Your cohorts: spring"


async def test_a_user_groups_members_are_in_the_cohort(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    spring = fake.workspace.add_channel("spring")
    await cohort(driver, fake, f"create spring <#{spring}|spring>")
    tutors = fake.workspace.add_group(
        "tutors", [fake.workspace.user_id("tia"), fake.workspace.user_id("tom")]
    )
    added = await cohort(driver, fake, f"add spring <!subteam^{tutors}|@tutors>")
    assert added["text"] == f"Everyone holding <!subteam^{tutors}> is now in spring."
    listed = await cohort(driver, fake, "list")
    assert listed["text"] == f"Cohorts:\nspring (<#{spring}>): 2 members"


async def test_bad_input_is_answered_privately(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    for text, says in (
        ("show winter", "There is no cohort named winter."),
        ("term winter 2026-01-05 4", "There is no cohort named winter."),
        ("create bad_name <#C1|x>", "letters, digits and dashes"),
    ):
        answer = await cohort(driver, fake, text)
        assert says in answer["text"]
        assert answer["response_type"] == "ephemeral"
