"""Finding peers on Slack through the real bolt app: /profile findable and /peers answered
privately with a "👋 name" button each; a press opens a group DM of the two
(`conversations.open` with both users) with the prompt."""

from __future__ import annotations

from typing import Any

from adapters.slack.serve import SlackRuntime
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def run(driver: SlackDriver, fake: FakeSlack, name: str, command: str, text: str) -> Any:
    """Run a slash command; return what the app answered."""
    return await response_to(fake, await driver.command(name, text, command=command))


async def findable(driver: SlackDriver, fake: FakeSlack, name: str, interests: str) -> str:
    """Make `name` like `interests` and agree to be found; return their id."""
    await run(driver, fake, name, "/profile", f"interests {interests}")
    assert (await run(driver, fake, name, "/profile", "findable on"))["text"].startswith(
        "You are findable"
    )
    return fake.workspace.user_id(name)


def buttons(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e for block in answer["blocks"] if block["type"] == "actions" for e in block["elements"]
    ]


async def press(driver: SlackDriver, fake: FakeSlack, name: str, action_id: str) -> Any:
    """Press a button on a private answer in #general; return what the app answered."""
    pressed = payloads.ephemeral_press(fake, name, fake.workspace.general, action_id)
    await driver.interactive(pressed)
    return await response_to(fake, pressed)


async def test_peers_answers_privately_and_hello_opens_a_group_dm_of_the_two(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    alice = await findable(driver, fake, "alice", "Python, chess")
    bob = await findable(driver, fake, "bob", "python")
    await findable(driver, fake, "cai", "music")
    shown = await run(driver, fake, "bob", "/profile", "")
    assert "Findable by /peers: yes (/profile findable off hides you)." in shown["text"]

    found = await run(driver, fake, "alice", "/peers", "")
    assert found["response_type"] == "ephemeral"
    lines = found["text"].splitlines()
    assert lines[0] == "Findable members within three hours of you who share your interests:"
    assert lines[1:-1] == [f"• <@{bob}>: python"]  # cai shares nothing
    [hello] = buttons(found)
    assert hello["text"]["text"] == "👋 Bob"

    forged = await press(driver, fake, "bob", hello["action_id"])
    assert forged["text"] == "Only the member who looked for peers can press this."
    seen = len(fake.calls)
    said = await press(driver, fake, "alice", hello["action_id"])
    assert said["response_type"] == "ephemeral"
    assert said["text"].startswith("I opened a private conversation for you and Bob")
    opened = await fake.wait_for_call("conversations.open", after=seen)
    assert sorted(opened.arguments["users"].split(",")) == sorted([alice, bob])
    prompt = await fake.wait_for_call("chat.postMessage", after=seen)
    group = opened.answer["channel"]["id"]
    assert prompt.arguments["channel"] == group
    assert group.startswith("G")  # a multi-person DM, not either one's DM
    assert prompt.arguments["text"].startswith(
        f"👋 <@{alice}> found <@{bob}> through /peers and would like to say hello. "
        "You both like python."
    )

    seen = len(fake.calls)
    again = await press(driver, fake, "alice", hello["action_id"])
    assert again["text"].startswith("You and Bob said hello in the last 30 days already")
    assert not [call for call in fake.calls[seen:] if call.method == "conversations.open"]


async def test_findable_off_hides_a_member_and_a_refused_group_dm_can_be_retried(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    await findable(driver, fake, "alice", "python")
    await findable(driver, fake, "bob", "python")
    await findable(driver, fake, "cai", "python")
    [to_bob, to_cai] = buttons(await run(driver, fake, "alice", "/peers", "python"))
    off = await run(driver, fake, "bob", "/profile", "findable off")
    assert off["text"].startswith("You are no longer findable")
    assert "Findable by /peers: no" in (await run(driver, fake, "bob", "/profile", ""))["text"]
    refused = await run(driver, fake, "bob", "/peers", "")
    assert refused["text"].startswith("You are not findable yet, so /peers shows nobody")
    seen = len(fake.calls)
    gone = await press(driver, fake, "alice", to_bob["action_id"])
    assert gone["text"] == "That member is no longer findable here. Nothing was sent."
    assert not [call for call in fake.calls[seen:] if call.method == "conversations.open"]

    fake.fail_next("conversations.open", status=200)
    failed = await press(driver, fake, "alice", to_cai["action_id"])
    assert failed["text"].startswith("I could not open a conversation with Cai")
    seen = len(fake.calls)
    retried = await press(driver, fake, "alice", to_cai["action_id"])
    assert retried["text"].startswith("I opened a private conversation for you and Cai")
    assert (await fake.wait_for_call("chat.postMessage", after=seen)).ok


async def test_slacks_own_time_zones_decide_who_is_near(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    fake.workspace.add_user("lena", tz="Europe/London")  # an hour from Berlin
    fake.workspace.add_user("ravi", tz="Asia/Kolkata")  # four and a half hours from Berlin
    fake.workspace.add_user("mia", tz="America/New_York")
    await findable(driver, fake, "alice", "python")  # Europe/Berlin, Slack's zone for her
    for name in ("lena", "ravi", "mia"):
        await findable(driver, fake, name, "python")
    found = await run(driver, fake, "alice", "/peers", "")
    assert found["text"].splitlines()[1:-1] == [f"• <@{fake.workspace.user_id('lena')}>: python"]
    await run(driver, fake, "mia", "/profile", "timezone Atlantic/Azores")  # her own zone wins
    again = await run(driver, fake, "alice", "/peers", "")
    mia = fake.workspace.user_id("mia")
    assert again["text"].splitlines()[1:-1][1] == f"• <@{mia}>: python"
