"""/buddy round typed in a cohort's home channel on Slack, through the real bolt app: the answer
names the cohort, and the group DM holds only the cohort's members."""

from __future__ import annotations

from adapters.slack.serve import SlackRuntime
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def typed(
    driver: SlackDriver, fake: FakeSlack, user: str, command: str, text: str, channel: str
) -> str:
    """Send `command text` typed by `user` in the channel called `channel`; return the answer."""
    body = fake.slash_command_body(user, text, command=command, channel=channel)
    await driver.deliver("command", body)
    return str((await response_to(fake, body))["text"])


async def test_a_round_in_a_cohorts_home_pairs_only_its_members_and_says_so(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    people = {name: fake.workspace.user_id(name) for name in ("alice", "bob", "carl", "dana")}
    for name in people:
        assert "You're in!" in await typed(driver, fake, name, "/buddy", "join", "general")
    spring = fake.workspace.add_channel("spring")
    created = await typed(
        driver, fake, "admin", "/cohort", f"create spring <#{spring}|spring>", "general"
    )
    assert "Created the cohort spring" in created
    for name in ("alice", "bob", "carl"):
        added = await typed(
            driver, fake, "admin", "/cohort", f"add spring <@{people[name]}>", "general"
        )
        assert "is now in spring" in added

    seen = len(fake.calls)
    answer = await typed(driver, fake, "admin", "/buddy", "round", "spring")
    assert answer.startswith("spring cohort: Buddy round 1: 3 members in 1 group")
    opened = await fake.wait_for_call("conversations.open", after=seen)
    assert sorted(opened.arguments["users"].split(",")) == sorted(
        people[name] for name in ("alice", "bob", "carl")
    )
    welcome = await fake.wait_for_call("chat.postMessage", after=seen)
    assert "round of the spring cohort" in welcome.arguments["text"]
    assert [call for call in fake.calls[seen:] if call.method == "conversations.open"] == [opened]

    stats = await typed(driver, fake, "admin", "/buddy", "stats", "spring")
    assert stats.startswith("spring cohort: Buddy pairing: 3 members joined (0 paused); 1 round")
    everyone = await typed(driver, fake, "admin", "/buddy", "round", "general")
    assert everyone.startswith("Buddy round 1: 4 members in 2 groups")
