"""/announce on the real discord.py against the fake Discord: native options, the post with its
"Got it" button (which pings nobody), presses counted once, and status."""

from __future__ import annotations

from typing import Any

from adapters.discord.app_commands import command_bodies
from adapters.discord.client import CohortClient
from bot.app import App
from bot.refs import ChannelRef, CommunityRef
from bot.shared.communities import ChannelPurpose
from tests.adapters.discord.app_commands_support import body_named
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import EPHEMERAL, answer_to
from tests.commands.registry_support import real_registry
from tests.participation.discord.test_nudges_discord import member_known

STRING, INTEGER = 3, 4


def test_announce_has_post_with_a_required_text_and_status_with_a_number() -> None:
    announce = body_named(command_bodies(real_registry()), "announce")
    post, status = announce["options"]
    assert (post["type"], post["name"]) == (1, "post")
    [text] = post["options"]
    assert (text["type"], text["name"], text.get("required")) == (STRING, "text", True)
    assert (status["type"], status["name"]) == (1, "status")
    [number] = status["options"]
    assert (number["type"], number["name"]) == (INTEGER, "number")
    assert not number.get("required")


async def news_channel(app: App, fake: FakeDiscord) -> str:
    """Add #news and make it the announcements channel; return its id."""
    news = fake.guild.add_channel("news")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[news])
    community_id = await app.services.communities.ensure(CommunityRef("discord", fake.guild.id))
    await app.services.communities.assign_channel(
        community_id, ChannelPurpose.ANNOUNCEMENTS, ChannelRef("discord", news)
    )
    return news


async def run(fake: FakeDiscord, name: str, path: str, *options: dict[str, Any]) -> dict[str, Any]:
    """Run a slash command; return the answer's data."""
    interaction = await fake.slash_command(name, path, list(options))
    return dict((await answer_to(fake, interaction))["data"])


async def press(fake: FakeDiscord, name: str, message_id: str, custom_id: str) -> dict[str, Any]:
    """Press a button; return the answer's data."""
    pressed = await fake.press_button(name, message_id, custom_id)
    return dict((await answer_to(fake, pressed))["data"])


async def test_an_announcement_is_posted_read_once_per_member_and_counted(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    news = await news_channel(app, fake)
    alice = await fake.member_joins("alice")
    bob = await fake.member_joins("bob")
    await member_known(app, fake, alice)
    await member_known(app, fake, bob)
    seen = len(fake.requests)
    text = {"type": STRING, "name": "text", "value": "Office hours move to Thursday @everyone"}
    posted = await run(fake, "owner", "announce post", text)
    assert posted["content"] == (
        f"Posted announcement 1 in <#{news}>. /announce status 1 shows who has read it."
    )
    assert posted["flags"] & EPHEMERAL
    sent = await fake.wait_for_request("POST", rf"/channels/{news}/messages", after=seen)
    assert sent.json["content"] == "📣 Announcement 1\nOffice hours move to Thursday @everyone"
    assert sent.json["allowed_mentions"]["parse"] == []  # @everyone is shown, pings nobody
    [button] = [c for row in sent.json["components"] for c in row["components"]]
    assert button["label"] == "Got it"
    card = str(sent.answer["id"])

    first = await press(fake, "alice", card, button["custom_id"])
    assert first["content"] == "Thanks, noted: you have read this announcement."
    assert first["flags"] & EPHEMERAL
    again = await press(fake, "alice", card, button["custom_id"])
    assert again["content"] == "You already said you have read this one; it counts once."
    own = await press(fake, "owner", card, button["custom_id"])
    assert own["content"].startswith("You wrote this announcement")

    status = await run(fake, "owner", "announce status")
    assert status["content"] == f"Announcement 1: 1 of 2 members pressed Got it.\nNot yet: <@{bob}>"
    assert status["flags"] & EPHEMERAL
    numbered = await run(
        fake, "owner", "announce status", {"type": INTEGER, "name": "number", "value": 1}
    )
    assert numbered["content"] == status["content"]


async def test_bad_input_on_discord_is_answered_privately_and_posts_nothing(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    news = await news_channel(app, fake)
    unknown = await run(
        fake, "owner", "announce status", {"type": INTEGER, "name": "number", "value": 7}
    )
    assert unknown["content"] == "There is no announcement 7."
    assert unknown["flags"] & EPHEMERAL
    refused = await run(
        fake, "bob", "announce post", {"type": STRING, "name": "text", "value": "hi all"}
    )
    assert "host" in refused["content"]
    assert refused["flags"] & EPHEMERAL
    missing = await run(fake, "owner", "announce post")
    assert missing["content"] == "Text is missing. Usage: /announce post <text>"
    posts = [
        r for r in fake.requests if r.method == "POST" and r.path == f"/channels/{news}/messages"
    ]
    assert posts == []
