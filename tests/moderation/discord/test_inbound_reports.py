"""Inbound translation of reports (the message command) and of Discord AutoMod's actions into
flags, on Discord's documented payloads turned into real discord.py objects."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from adapters.discord import inbound
from adapters.discord.app_commands import REPORT_COMMAND_NAME
from bot.events import MessageFlagged, MessageReported
from bot.refs import ChannelRef, CommunityRef, MessageRef, UserRef
from tests.adapters.discord.inbound_payloads import (
    AUTHOR_ID,
    GENERAL_ID,
    GUILD_ID,
    REPORT_GUILD_ID,
    known_guilds,
    message_command_payload,
)
from tests.adapters.discord.objects import DiscordObjects


@pytest.fixture
def objects() -> DiscordObjects:
    """An unconnected client's state that knows both sample guilds."""
    return known_guilds()


# --- reports ---------------------------------------------------------------------------------


def test_the_report_command_is_the_one_app_commands_registers() -> None:
    assert inbound.REPORT_COMMAND == REPORT_COMMAND_NAME


def test_a_report(objects: DiscordObjects) -> None:
    interaction = objects.interaction(message_command_payload())
    event = inbound.message_reported(interaction)
    assert event == MessageReported(
        community=CommunityRef("discord", REPORT_GUILD_ID),
        at=interaction.created_at,
        actor=inbound.interaction_actor(interaction),
        interaction=inbound.interaction_ref(interaction),
        message=MessageRef("discord", "772908445358620702", "867793854505943041"),
        author=UserRef("discord", "167348773423415296"),
        reason=None,
        excerpt="some message",
    )
    assert event is not None
    assert event.actor.display_name == "ian"


@pytest.mark.parametrize(
    ("content", "excerpt"),
    [("", None), ("x" * 300, "x" * 300), ("y" * 301, "y" * 299 + "…")],
)
def test_a_reports_excerpt_is_cut_to_300_characters(
    objects: DiscordObjects, content: str, excerpt: str | None
) -> None:
    payload = message_command_payload()
    target = payload["data"]["resolved"]["messages"]["867793854505943041"]
    target["content"] = content
    event = inbound.message_reported(objects.interaction(payload))
    assert event is not None
    assert event.excerpt == excerpt


def test_a_report_without_the_resolved_message_still_stands(objects: DiscordObjects) -> None:
    payload = message_command_payload()
    del payload["data"]["resolved"]
    event = inbound.message_reported(objects.interaction(payload))
    assert event is not None
    assert (event.message.id, event.author, event.excerpt) == ("867793854505943041", None, None)


def test_another_message_command_is_not_a_report(objects: DiscordObjects) -> None:
    interaction = objects.interaction(message_command_payload(name="context-menu-message-2"))
    assert inbound.message_reported(interaction) is None


def test_a_garbled_resolved_message_leaves_the_report_on_its_id(objects: DiscordObjects) -> None:
    payload = message_command_payload()
    payload["data"]["resolved"]["messages"]["867793854505943041"] = {"author": "nobody"}
    event = inbound.message_reported(objects.interaction(payload))
    assert event is not None
    assert (event.message.id, event.author, event.excerpt) == ("867793854505943041", None, None)


# --- Discord AutoMod -------------------------------------------------------------------------

# No sample exists; the fields are AUTO_MODERATION_ACTION_EXECUTION's, from Discord's docs.
BLOCK = {"type": 1, "metadata": {}}
ALERT = {"type": 2, "metadata": {"channel_id": "290926798999357299"}}
TIMEOUT = {"type": 3, "metadata": {"duration_seconds": 60}}


def automod_payload(action: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Return an AutoMod execution of a keyword rule on the message sample's author."""
    return {
        "guild_id": GUILD_ID,
        "action": action,
        "rule_id": "1000000000000000001",
        "rule_trigger_type": 1,
        "user_id": AUTHOR_ID,
        "channel_id": GENERAL_ID,
        "content": "you badword",
        "matched_keyword": "badword",
        "matched_content": "badword",
    } | changes


def test_automod_blocking_a_message(objects: DiscordObjects) -> None:
    before = discord.utils.utcnow()
    action = objects.automod_action(automod_payload(BLOCK))
    event = inbound.automod_flagged(action)
    assert isinstance(event, MessageFlagged)
    assert event == MessageFlagged(
        community=CommunityRef("discord", GUILD_ID),
        at=event.at,
        author=UserRef("discord", AUTHOR_ID),
        channel=ChannelRef("discord", GENERAL_ID),
        message=None,  # blocked: it was never posted
        excerpt="you badword",
        rule='Discord AutoMod: matched "badword"',
        removed=True,
    )
    assert before <= event.at <= discord.utils.utcnow()
    assert event.raw is action


def test_automod_alerting_on_a_message(objects: DiscordObjects) -> None:
    payload = automod_payload(
        ALERT, message_id="334385199974967042", alert_system_message_id="334385199974967999"
    )
    event = inbound.automod_flagged(objects.automod_action(payload))
    assert isinstance(event, MessageFlagged)
    assert event.message == MessageRef("discord", GENERAL_ID, "334385199974967042")
    assert event.removed is False


def test_automod_timeouts_make_no_second_flag(objects: DiscordObjects) -> None:
    assert inbound.automod_flagged(objects.automod_action(automod_payload(TIMEOUT))) is None


def test_automod_without_a_keyword_names_the_trigger(objects: DiscordObjects) -> None:
    payload = automod_payload(BLOCK, rule_trigger_type=3, matched_keyword=None)
    event = inbound.automod_flagged(objects.automod_action(payload))
    assert event is not None
    assert event.rule == "Discord AutoMod: spam"


@pytest.mark.parametrize(
    ("content", "matched", "excerpt"),
    [
        ("", None, None),  # no Message Content intent: Discord sends neither
        ("", "badword", "badword"),
        ("z" * 400, "badword", "z" * 299 + "…"),
    ],
)
def test_automod_excerpt(
    objects: DiscordObjects, content: str, matched: str | None, excerpt: str | None
) -> None:
    payload = automod_payload(ALERT, content=content, matched_content=matched)
    event = inbound.automod_flagged(objects.automod_action(payload))
    assert event is not None
    assert event.excerpt == excerpt
