"""/announce on the real slack-bolt against the fake Slack: the post with its "Got it" button
(member-written mentions ping nobody), presses counted once, status, and `status` followed by
words being an announcement."""

from __future__ import annotations

from typing import Any

from adapters.slack.manifest import build_manifest
from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.refs import ChannelRef, CommunityRef
from bot.shared.communities import ChannelPurpose
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.commands.registry_support import real_registry
from tests.moderation.slack.test_moderation_slack import buttons


def test_the_manifest_has_the_announce_command() -> None:
    commands = build_manifest(real_registry())["features"]["slash_commands"]
    [announce] = [c for c in commands if c["command"] == "/announce"]
    assert announce["usage_hint"] == "<text> | status"
    assert announce["description"] == "Announce: post, status"


async def announce(driver: SlackDriver, fake: FakeSlack, text: str, user: str = "admin") -> Any:
    """Run `/announce <text>`; return the answer."""
    body = await driver.command(user, text, command="/announce")
    return await response_to(fake, body)


async def set_up(app: App, fake: FakeSlack, driver: SlackDriver) -> str:
    """Make #news the announcements channel, and alice and bob known; return #news' id."""
    news = fake.workspace.add_channel("news")
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    await app.services.communities.assign_channel(
        community_id, ChannelPurpose.ANNOUNCEMENTS, ChannelRef("slack", news)
    )
    for name in ("alice", "bob"):
        await response_to(fake, await driver.command(name, "", command="/profile"))
    return news


async def test_an_announcement_is_posted_read_once_per_member_and_counted(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    news = await set_up(app, fake, driver)
    bob = fake.workspace.user_id("bob")
    seen = len(fake.calls)
    answer = await announce(driver, fake, "Office hours move to Thursday <!channel>")
    assert answer["response_type"] == "ephemeral"
    assert answer["text"] == (
        f"Posted announcement 1 in <#{news}>. /announce status 1 shows who has read it."
    )
    posted = await fake.wait_for_call("chat.postMessage", after=seen)
    assert posted.arguments["channel"] == news
    assert posted.arguments["text"].startswith("📣 Announcement 1\nOffice hours move to Thursday")
    assert "<!channel>" not in str(posted.arguments)  # shown, but it pings nobody
    assert list(buttons(posted.arguments)) == ["Got it"]
    card = fake.workspace.live(news, posted.answer["ts"])
    assert card is not None
    got_it = buttons(posted.arguments)["Got it"]

    for expected in (
        "Thanks, noted: you have read this announcement.",
        "You already said you have read this one; it counts once.",
    ):
        press = payloads.button_press(fake, "alice", card, got_it)
        await driver.interactive(press)
        pressed = await response_to(fake, press)
        assert pressed["response_type"] == "ephemeral"
        assert pressed["text"] == expected

    status = await announce(driver, fake, "status")
    assert status["response_type"] == "ephemeral"
    assert status["text"] == f"Announcement 1: 1 of 2 members pressed Got it.\nNot yet: <@{bob}>"
    assert (await announce(driver, fake, "status 1"))["text"] == status["text"]


async def test_status_followed_by_words_is_an_announcement_and_bad_input_is_private(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    news = await set_up(app, fake, driver)
    seen = len(fake.calls)
    answer = await announce(driver, fake, "status of the project is green")
    assert answer["text"].startswith("Posted announcement 1 in")
    posted = await fake.wait_for_call("chat.postMessage", after=seen)
    assert posted.arguments["channel"] == news
    assert posted.arguments["text"] == "📣 Announcement 1\nstatus of the project is green"
    seen = len(fake.calls)
    for text, says in (
        ("status 9", "There is no announcement 9."),
        ("status 1 please", "I didn't expect 'please'. Usage: /announce status [number]"),
        ("", "Text is missing. Usage: /announce &lt;text&gt;"),  # as Slack escapes it
        ("x" * 1801, "An announcement holds at most 1800 characters; yours has 1801."),
    ):
        refused = await announce(driver, fake, text)
        assert refused["response_type"] == "ephemeral"
        assert refused["text"].startswith(says)
    member = await announce(driver, fake, "hello all", user="alice")
    assert "host" in member["text"]
    assert [c for c in fake.calls[seen:] if c.method == "chat.postMessage"] == []
