"""Inbound translation of messages, edits, joins and leaves, on Discord's documented payloads
turned into real discord.py objects (see inbound_payloads.py for the samples)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import discord
import pytest

from adapters.discord import inbound
from bot.events import Actor, MemberJoined, MemberLeft, MessageEdited, MessagePosted
from bot.refs import CommunityRef, MessageRef, UserRef
from tests.adapters.discord.inbound_payloads import (
    AUTHOR_ID,
    FORUM_POST_ID,
    GENERAL_ID,
    GUILD_ID,
    MODERATOR_ROLE,
    PRIVATE_THREAD_ID,
    THREAD_ID,
    known_guilds,
    message_payload,
    posted,
    sample,
    sample_author,
    without,
)
from tests.adapters.discord.objects import BOT_USER_ID, DiscordObjects


@pytest.fixture
def objects() -> DiscordObjects:
    """An unconnected client's state that knows both sample guilds."""
    return known_guilds()


# --- messages --------------------------------------------------------------------------------


def test_a_message(objects: DiscordObjects) -> None:
    message = objects.message(message_payload())
    event = inbound.message_posted(message, bot_user_id=BOT_USER_ID, content_readable=True)
    assert event == MessagePosted(
        community=CommunityRef("discord", GUILD_ID),
        # discord.py's created_at comes from the id; the docs' `timestamp` disagrees with it
        at=datetime(2017, 7, 11, 17, 27, 24, 250000, tzinfo=UTC),
        actor=Actor(UserRef("discord", AUTHOR_ID), "Mason"),
        message=MessageRef("discord", GENERAL_ID, "334385199974967042"),
        text="Supa Hot",
    )
    assert event is not None
    assert event.raw is message


def test_without_the_content_intent_activity_counts_but_text_is_hidden(
    objects: DiscordObjects,
) -> None:
    event = posted(objects, readable=False, content="")
    assert isinstance(event, MessagePosted)
    assert (event.text, event.actor.user.id) == (None, AUTHOR_ID)


def test_a_reply_counts(objects: DiscordObjects) -> None:
    event = posted(
        objects,
        type=19,
        message_reference={"message_id": "334385199974967000", "channel_id": GENERAL_ID},
    )
    assert isinstance(event, MessagePosted)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"author": sample_author(bot=True)}, id="a bot"),
        # Only the id says it is the bot itself here: no `bot` flag.
        pytest.param({"author": sample_author(id=str(BOT_USER_ID))}, id="the bot itself"),
        pytest.param({"author": sample_author(system=True)}, id="Discord's system user"),
        pytest.param({"webhook_id": "223704706495545344"}, id="a webhook"),
        pytest.param({"type": 7}, id="a join message"),
        pytest.param({"type": 6}, id="a pin notice"),
        pytest.param({"type": 21}, id="a thread's starter message"),
        pytest.param({"type": 20}, id="a slash command's answer"),
    ],
)
def test_messages_not_written_by_a_member_are_ignored(
    objects: DiscordObjects, changes: dict[str, Any]
) -> None:
    message = objects.message(message_payload(**changes))
    assert inbound.message_posted(message, bot_user_id=BOT_USER_ID, content_readable=True) is None
    # The same message from a member counts, so it is what was changed that is ignored. (A fresh
    # state: discord.py caches users by id, so a bot stays a bot in this one.)
    assert posted(known_guilds()) is not None


def test_a_direct_message_is_ignored(objects: DiscordObjects) -> None:
    payload = without(message_payload(), "guild_id")
    message = objects.message(without(payload, "member"))
    assert message.guild is None
    assert inbound.message_posted(message, bot_user_id=BOT_USER_ID, content_readable=True) is None


def test_a_message_without_an_author_is_ignored(objects: DiscordObjects) -> None:
    message = objects.message(without(without(message_payload(), "author"), "member"))
    assert inbound.message_posted(message, bot_user_id=BOT_USER_ID, content_readable=True) is None


def test_a_reply_in_a_thread_names_the_message_it_grew_from(objects: DiscordObjects) -> None:
    event = posted(objects, id="334385199974967050", channel_id=THREAD_ID)
    assert isinstance(event, MessagePosted)
    assert event.message == MessageRef("discord", THREAD_ID, "334385199974967050")
    assert event.thread_root == MessageRef("discord", GENERAL_ID, THREAD_ID)


def test_a_forum_posts_root_is_its_opening_message_in_the_thread(
    objects: DiscordObjects,
) -> None:
    opening = posted(objects, id=FORUM_POST_ID, channel_id=FORUM_POST_ID)
    reply = posted(objects, id="334385199974967250", channel_id=FORUM_POST_ID)
    assert isinstance(opening, MessagePosted)
    assert isinstance(reply, MessagePosted)
    assert opening.thread_root is None
    assert reply.thread_root == MessageRef("discord", FORUM_POST_ID, FORUM_POST_ID)


def test_a_private_thread_has_no_root(objects: DiscordObjects) -> None:
    event = posted(objects, id="334385199974967150", channel_id=PRIVATE_THREAD_ID)
    assert isinstance(event, MessagePosted)
    assert (event.message.channel_id, event.thread_root) == (PRIVATE_THREAD_ID, None)


def test_mentions_are_counted(objects: DiscordObjects) -> None:
    mentions = [sample_author(id="1"), sample_author(id="2")]
    event = posted(
        objects, mentions=mentions, mention_roles=[MODERATOR_ROLE], mention_everyone=True
    )
    assert isinstance(event, MessagePosted)
    assert event.mention_count == 4


# --- edits -----------------------------------------------------------------------------------

EDITED_AT = "2017-07-11T17:30:00.000000+00:00"


def edited(objects: DiscordObjects, *, readable: bool = True, **changes: Any) -> Any:
    """Translate a MESSAGE_UPDATE: the docs' message, edited, with guild_id and member."""
    payload = message_payload(content="Supa Hot Fire", edited_timestamp=EDITED_AT) | changes
    update = objects.message_edit(payload)
    return inbound.message_edited(update, bot_user_id=BOT_USER_ID, content_readable=readable)


def test_an_edit(objects: DiscordObjects) -> None:
    update = objects.message_edit(
        message_payload(content="Supa Hot Fire", edited_timestamp=EDITED_AT)
    )
    event = inbound.message_edited(update, bot_user_id=BOT_USER_ID, content_readable=True)
    assert event == MessageEdited(
        community=CommunityRef("discord", GUILD_ID),
        at=datetime(2017, 7, 11, 17, 30, tzinfo=UTC),
        actor=Actor(UserRef("discord", AUTHOR_ID), "Mason"),
        message=MessageRef("discord", GENERAL_ID, "334385199974967042"),
        text="Supa Hot Fire",
    )
    assert event is not None
    assert event.raw is update


def test_an_edit_without_the_content_intent_hides_the_text(objects: DiscordObjects) -> None:
    event = edited(objects, readable=False)
    assert isinstance(event, MessageEdited)
    assert event.text is None


def test_an_update_nobody_typed_is_not_an_edit(objects: DiscordObjects) -> None:
    # A link preview arriving, or a pin: Discord sends MESSAGE_UPDATE without edited_timestamp.
    assert edited(objects, edited_timestamp=None, pinned=True) is None


def test_an_update_without_an_author_is_ignored(objects: DiscordObjects) -> None:
    payload = message_payload(edited_timestamp=EDITED_AT)
    update = objects.message_edit(without(without(payload, "author"), "member"))
    assert inbound.message_edited(update, bot_user_id=BOT_USER_ID, content_readable=True) is None


def test_a_bots_edit_is_ignored(objects: DiscordObjects) -> None:
    assert edited(objects, author=sample_author(bot=True)) is None
    assert edited(known_guilds()) is not None


# --- members ---------------------------------------------------------------------------------


NEWCOMER_ID = "80351110224678912"


def user_payload(**changes: Any) -> dict[str, Any]:
    """Return a full user, as GUILD_MEMBER_ADD and GUILD_MEMBER_REMOVE carry."""
    user = {"id": NEWCOMER_ID, "username": "nelly", "discriminator": "0", "avatar": None}
    return user | changes


def member_add_payload(**user: Any) -> dict[str, Any]:
    """Return GUILD_MEMBER_ADD: the docs' member (whose `user` is empty), guild_id, user, flags."""
    return sample("guild_member__example__docs.json") | {
        "guild_id": GUILD_ID,
        "user": user_payload(**user),
        "flags": 0,
    }


def test_a_member_joins(objects: DiscordObjects) -> None:
    member = objects.member_join(member_add_payload())
    event = inbound.member_joined(member)
    assert event == MemberJoined(
        community=CommunityRef("discord", GUILD_ID),
        at=datetime(2015, 4, 26, 6, 26, 56, 936000, tzinfo=UTC),
        actor=Actor(UserRef("discord", NEWCOMER_ID), "NOT API SUPPORT"),
    )
    assert event is not None
    assert event.raw is member


def test_a_join_without_a_time_happens_now(objects: DiscordObjects) -> None:
    before = discord.utils.utcnow()
    payload = without(member_add_payload(), "joined_at")
    event = inbound.member_joined(objects.member_join(payload))
    assert event is not None
    assert before <= event.at <= discord.utils.utcnow()


def test_a_bot_joining_is_ignored(objects: DiscordObjects) -> None:
    assert inbound.member_joined(objects.member_join(member_add_payload(bot=True))) is None


def test_a_member_leaves(objects: DiscordObjects) -> None:
    before = discord.utils.utcnow()
    payload = objects.member_remove({"guild_id": GUILD_ID, "user": user_payload()})
    event = inbound.member_left(payload)
    assert isinstance(event, MemberLeft)
    assert event.actor == Actor(UserRef("discord", NEWCOMER_ID), "nelly")
    assert event.community == CommunityRef("discord", GUILD_ID)
    assert before <= event.at <= discord.utils.utcnow()
    assert event.raw is payload


def test_a_known_member_leaving_keeps_their_nickname(objects: DiscordObjects) -> None:
    objects.member_join(member_add_payload())
    payload = objects.member_remove({"guild_id": GUILD_ID, "user": user_payload()})
    assert isinstance(payload.user, discord.Member)  # discord.py found it in its cache
    event = inbound.member_left(payload)
    assert event is not None
    assert event.actor.display_name == "NOT API SUPPORT"


def test_a_bot_leaving_is_ignored(objects: DiscordObjects) -> None:
    payload = objects.member_remove({"guild_id": GUILD_ID, "user": user_payload(bot=True)})
    assert inbound.member_left(payload) is None
