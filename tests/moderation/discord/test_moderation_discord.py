"""Moderation on the real discord.py against the fake Discord: reports, cards, actions."""

from __future__ import annotations

from asyncio import Queue
from typing import Any

from sqlalchemy import select

from adapters.discord.client import CohortClient
from bot.app import App
from bot.events import MessageFlagged
from bot.refs import ChannelRef, CommunityRef
from bot.shared.communities import ChannelPurpose
from bot.storage.models import ModCase
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import EPHEMERAL, answer_to

MODERATE_MEMBERS = 1 << 40


async def with_mod_channels(app: App, fake: FakeDiscord) -> str:
    """Make a #mod channel the mod queue and the mod log; return its id."""
    mod = fake.guild.add_channel("mod")
    community_id = await app.services.communities.ensure(CommunityRef("discord", fake.guild.id))
    for purpose in (ChannelPurpose.MODQUEUE, ChannelPurpose.MODLOG):
        await app.services.communities.assign_channel(
            community_id, purpose, ChannelRef("discord", mod)
        )
    return mod


def cards(fake: FakeDiscord, channel_id: str) -> list[Any]:
    """Return the bot's messages with buttons in a channel."""
    return [m for m in fake.guild.messages.values() if m.channel_id == channel_id and m.components]


def labels(message: Any) -> list[str]:
    """Return a stored message's button labels."""
    return [button["label"] for row in message.components for button in row["components"]]


async def case_kinds(app: App) -> list[str]:
    """Return the kinds of every recorded case."""
    async with app.database.session() as session:
        return list((await session.execute(select(ModCase.kind).order_by(ModCase.id))).scalars())


async def test_the_report_menu_makes_a_card_and_a_kick_press_reaches_discord(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    mod = await with_mod_channels(app, fake)
    message_id = await fake.member_says("carl", "you are all idiots")
    reported = await fake.report("bob", message_id)
    thanks = await answer_to(fake, reported)
    assert thanks["data"]["flags"] & EPHEMERAL
    assert "The member will not learn who reported it." in thanks["data"]["content"]
    [card] = cards(fake, mod)
    assert labels(card) == ["Dismiss", "Delete", "Warn", "Timeout 1h", "Kick", "Ban"]
    custom_id = card.components[0]["components"][4]["custom_id"]
    pressed = await fake.press_button("mia", card.id, custom_id, permissions=MODERATE_MEMBERS)
    reply = await answer_to(fake, pressed)
    assert "Kicked: case 1." in str(reply)
    carl = fake.guild.user_id("carl")
    assert fake.guild.kicked == [carl]
    await fake.wait_for_request("PATCH", rf"/channels/{mod}/messages/{card.id}")
    closed = fake.guild.messages[card.id]
    assert not closed.components
    assert f"Kicked by <@{fake.guild.user_id('mia')}>." in closed.content
    assert await case_kinds(app) == ["kick"]


async def test_a_second_press_on_a_handled_card_is_told(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    mod = await with_mod_channels(app, fake)
    message_id = await fake.member_says("carl", "spam spam")
    await answer_to(fake, await fake.report("bob", message_id))
    [card] = cards(fake, mod)
    first = await fake.press_button(
        "mia", card.id, "mod:flag:dismiss:1", permissions=MODERATE_MEMBERS
    )
    await answer_to(fake, first)
    second = await fake.press_button("max", card.id, "mod:flag:ban:1", permissions=MODERATE_MEMBERS)
    assert "already handled: Dismissed" in str(await answer_to(fake, second))
    assert fake.guild.bans == set()


async def test_mod_timeout_and_ban_reach_discord_and_are_cases(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    await with_mod_channels(app, fake)
    carl = fake.guild.add_member("carl")
    resolved = {"users": {carl: fake.guild.users[carl]}}
    timeout = await fake.slash_command(
        "mia",
        "mod timeout",
        [
            {"type": 6, "name": "member", "value": carl},
            {"type": 3, "name": "duration", "value": "1h"},
            {"type": 3, "name": "reason", "value": "spamming"},
        ],
        resolved=resolved,
        permissions=MODERATE_MEMBERS,
    )
    assert "Timed out <@" in str(await answer_to(fake, timeout))
    assert fake.guild.timeouts[carl] is not None
    ban = await fake.slash_command(
        "mia",
        "mod ban",
        [{"type": 6, "name": "member", "value": carl}],
        resolved=resolved,
        permissions=MODERATE_MEMBERS,
    )
    assert "Banned <@" in str(await answer_to(fake, ban))
    assert carl in fake.guild.bans
    # The notice goes out while carl still shares the server, then gains its case and button.
    paths = [(r.method, r.path) for r in fake.requests]
    banned = next(i for i, (m, p) in enumerate(paths) if m == "PUT" and "/bans/" in p)
    assert paths[banned - 2] == ("POST", "/users/@me/channels")
    assert paths[banned - 1][0] == "POST"
    assert "banned from the community" in fake.requests[banned - 1].json["content"]
    notice_edit = next(
        r for r in fake.requests[banned:] if r.method == "PATCH" and "I understand" in str(r.json)
    )
    assert "banned from the community" in notice_edit.json["content"]
    assert await case_kinds(app) == ["timeout", "ban"]


async def test_acting_on_the_owner_is_refused_without_a_case(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    await with_mod_channels(app, fake)
    owner = fake.guild.owner_id
    kick = await fake.slash_command(
        "mia",
        "mod kick",
        [{"type": 6, "name": "member", "value": owner}],
        resolved={"users": {owner: fake.guild.users[owner]}},
        permissions=MODERATE_MEMBERS,
    )
    answer = str(await answer_to(fake, kick))
    assert "is an admin" in answer
    assert fake.guild.kicked == []
    assert await case_kinds(app) == []


async def test_an_automod_event_becomes_a_card(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    mod = await with_mod_channels(app, fake)
    handled: Queue[MessageFlagged] = Queue()

    async def after_the_core(event: MessageFlagged, _platform: object) -> None:
        await handled.put(event)

    app.dispatcher.subscribe(MessageFlagged, after_the_core)
    await fake.automod_hit("carl", "buy cheap stuff", "cheap", blocked=True)
    await handled.get()
    [card] = cards(fake, mod)
    assert "Discord AutoMod rule" in card.content
    assert labels(card) == ["Dismiss", "Warn", "Timeout 1h", "Kick", "Ban"]


async def test_a_blocked_term_makes_a_card_and_a_delete_press_removes_the_message(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    mod = await with_mod_channels(app, fake)
    blocked = await fake.slash_command(
        "mia",
        "automod block",
        [{"type": 3, "name": "term", "value": "spam"}],
        permissions=MODERATE_MEMBERS,
    )
    assert "spam" in str(await answer_to(fake, blocked))
    message_id = await fake.member_says("carl", "cheap $pam for everyone")
    await fake.wait_for_request("POST", rf"/channels/{mod}/messages")
    [card] = cards(fake, mod)
    assert 'blocked term "spam"' in str(card.content) + str(card.embeds)
    delete = next(
        b["custom_id"]
        for row in card.components
        for b in row["components"]
        if b["label"] == "Delete"
    )
    pressed = await fake.press_button("mia", card.id, delete, permissions=MODERATE_MEMBERS)
    assert "Deleted" in str(await answer_to(fake, pressed))
    await fake.wait_for_request("DELETE", rf"/channels/[0-9]+/messages/{message_id}")
    await fake.wait_for_request("PATCH", rf"/channels/{mod}/messages/{card.id}")
    assert f"Deleted by <@{fake.guild.user_id('mia')}>." in fake.guild.messages[card.id].content
    assert await case_kinds(app) == ["delete"]
