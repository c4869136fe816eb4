"""`/stats export` through the real bolt app and slack-sdk (Socket Mode and HTTP mode): the two
CSV files uploaded into the host's DM (never the channel), the answer ephemeral, a member refused
and bad days refused, with nothing uploaded."""

from __future__ import annotations

from adapters.slack.serve import SlackRuntime
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.exports.support import WEEK_HEADER, by_name, rows_of


async def stats(driver: SlackDriver, fake: FakeSlack, user: str, text: str) -> str:
    """Run `/stats <text>` as `user`; return the answer, which must be ephemeral."""
    body = await driver.command(user, text, command="/stats")
    answer = await response_to(fake, body)
    assert answer["response_type"] == "ephemeral"
    return str(answer["text"])


async def test_the_host_gets_both_files_in_their_dm(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    reading = await driver.command("bob", "reading", command="/nudges")
    assert "enjoy reading" in (await response_to(fake, reading))["text"]
    seen = len(fake.calls)
    answer = await stats(driver, fake, "admin", "export 10")
    assert answer.startswith("Sent to your direct messages: participation-members-")
    assert answer.endswith("(UTC, 10 days).")
    opened = [c for c in fake.calls[seen:] if c.method == "conversations.open"]
    assert {c.arguments["users"] for c in opened} == {fake.workspace.user_id("admin")}
    dm = opened[0].answer["channel"]["id"]
    members, weeks = fake.files.shared_in(dm)
    assert members.name.startswith("participation-members-")
    assert members.initial_comment.startswith("Participation by member, ")
    assert members.content is not None
    assert weeks.content is not None
    assert by_name(members.content)["Bob"][9] == "reading"
    assert rows_of(weeks.content)[1] == WEEK_HEADER
    assert fake.files.shared_in(fake.workspace.general) == []


async def test_a_member_and_bad_days_are_refused_with_nothing_uploaded(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    assert "host" in (await stats(driver, fake, "bob", "export")).lower()
    assert await stats(driver, fake, "admin", "export 0") == (
        "Choose between 1 and 365 days, like /stats export 28. Nothing was sent."
    )
    assert "whole number" in await stats(driver, fake, "admin", "export soon")
    assert not any(c.method.startswith("files.") for c in fake.calls)
