"""Thanks on Slack through the real bolt app: the "Thank the author" message shortcut and the
/thanks command each send the author a private note (a DM) and answer privately."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.slack.inbound import THANK_CALLBACK
from adapters.slack.serve import SlackRuntime
from bot.clock import VirtualClock
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def known(fake: FakeSlack, driver: SlackDriver, name: str) -> None:
    """Make `name` known to Cohort (a command of theirs, answered)."""
    await response_to(fake, await driver.command(name, "", command="/profile"))


async def test_the_thank_shortcut_sends_the_author_a_private_note(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    _event, tip = payloads.message_event(fake, "carl", "Use a virtualenv for each project")
    await known(fake, driver, "carl")
    seen = len(fake.calls)
    shortcut = payloads.report_shortcut(fake, "bob", tip, THANK_CALLBACK)
    await driver.interactive(shortcut)
    answer = await response_to(fake, shortcut)
    carl, bob = fake.workspace.user_id("carl"), fake.workspace.user_id("bob")
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].startswith(f"Your thanks went to <@{carl}>, privately.")
    opened = await fake.wait_for_call("conversations.open", after=seen)
    assert opened.arguments["users"] == carl
    note = await fake.wait_for_call("chat.postMessage", after=seen)
    assert note.arguments["channel"] == opened.answer["channel"]["id"]
    assert note.arguments["text"] == (
        f"🙏 <@{bob}> thanked you for what you said in <#{tip.channel}>."
    )


async def test_thanks_typed_with_a_reason_and_a_repeat_counts_once(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    await known(fake, driver, "carl")
    carl = fake.workspace.user_id("carl")
    seen = len(fake.calls)
    body = await driver.command("bob", f"<@{carl}|carl> for the <!channel> tip", command="/thanks")
    assert (await response_to(fake, body))["text"].startswith("Your thanks went to")
    note = await fake.wait_for_call("chat.postMessage", after=seen)
    assert note.arguments["text"].endswith("“for the @\u2060channel tip”")  # pings nobody
    again = await driver.command("bob", f"<@{carl}|carl>", command="/thanks")
    repeat = await response_to(fake, again)
    assert repeat["text"] == f"You thanked <@{carl}> a moment ago; that thanks counts once."


async def test_the_weekly_post_names_the_thanked_without_counts_or_pings(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, clock: VirtualClock
) -> None:
    _runtime, driver = running
    refused = await driver.command("alice", "weekly on", command="/thanks")
    assert "needs the host level" in (await response_to(fake, refused))["text"]
    turned_on = await response_to(
        fake, await driver.command("admin", "weekly on", command="/thanks")
    )
    assert turned_on["response_type"] == "ephemeral"
    assert "every Friday at 16:00" in turned_on["text"]
    for name in ("bob", "channel"):
        await known(fake, driver, name)
    ids = {name: fake.workspace.user_id(name) for name in ("bob", "channel")}
    for giver, receiver in (("alice", "bob"), ("cai", "bob"), ("bob", "channel")):
        given = await driver.command(giver, f"<@{ids[receiver]}|{receiver}>", command="/thanks")
        assert (await response_to(fake, given))["text"].startswith("Your thanks went to")
    seen = len(fake.calls)
    await clock.advance_to(datetime(2026, 1, 10, tzinfo=UTC))  # Friday 16:00 has passed
    [posted] = [
        call
        for call in fake.calls[seen:]
        if call.method == "chat.postMessage" and call.arguments["channel"] == fake.workspace.general
    ]
    text = posted.arguments["text"]
    assert text == (
        "🙏 Thanks this week went to @Bob, @Channel. Thank you for helping each other learn; "
        "you can thank someone too with /thanks."
    )
    sections = [block["text"] for block in posted.arguments["blocks"] if block["type"] == "section"]
    assert all(section["verbatim"] for section in sections)  # "@Channel" stays plain text
    stopped = await response_to(
        fake, await driver.command("admin", "weekly off", command="/thanks")
    )
    assert stopped["text"] == "The weekly thanks post in this channel is stopped."
    seen = len(fake.calls)
    await clock.advance_to(datetime(2026, 1, 17, tzinfo=UTC))
    assert not [call for call in fake.calls[seen:] if call.method == "chat.postMessage"]
