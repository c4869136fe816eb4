"""Where an interaction came from: typed in a thread, it carries the thread's parent channel.

Unit tests on Discord's documented payloads (a thread from discord.py's cache, or one read
from the interaction's own `channel` object), then the real discord.py on the fake Discord.
"""

from __future__ import annotations

from typing import Any

import pytest

from adapters.discord import inbound
from adapters.discord.client import CohortClient
from bot.app import App
from bot.events import ButtonPressed, CommandInvoked, FormSubmitted
from bot.refs import ChannelRef
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.inbound_payloads import (
    FORUM_ID,
    FORUM_POST_ID,
    GENERAL_ID,
    GUILD_ID,
    PRIVATE_THREAD_ID,
    THREAD_ID,
    button_payload,
    known_guilds,
    sample,
)
from tests.adapters.discord.objects import DiscordObjects
from tests.adapters.handled import handled_after_the_core


def in_channel(channel: dict[str, Any]) -> dict[str, Any]:
    """Return the docs' button click as pressed in `channel` (its `channel` object as sent)."""
    return button_payload(channel_id=channel["id"], channel=channel)


def partial(channel_id: str, kind: int) -> dict[str, Any]:
    """Return a channel object with only what every one has: discord.py finds the rest cached."""
    return {"id": channel_id, "type": kind, "guild_id": GUILD_ID}


@pytest.mark.parametrize(
    ("channel", "parent"),
    [
        (partial(THREAD_ID, 11), GENERAL_ID),
        (partial(PRIVATE_THREAD_ID, 12), GENERAL_ID),
        (partial(FORUM_POST_ID, 11), FORUM_ID),  # a forum post's parent is the forum
        (partial(GENERAL_ID, 0), None),
    ],
    ids=["public thread", "private thread", "forum post", "text channel"],
)
def test_a_press_in_a_known_thread_names_its_parent(
    channel: dict[str, Any], parent: str | None
) -> None:
    event = inbound.button_pressed(known_guilds().interaction(in_channel(channel)))
    assert event is not None
    assert event.interaction.channel == ChannelRef("discord", channel["id"])
    assert event.parent_channel == (None if parent is None else ChannelRef("discord", parent))


def test_a_thread_discord_py_has_not_cached_is_read_from_the_interaction() -> None:
    thread = sample("channel__thread__docs.json") | {"type": 12, "guild_id": GUILD_ID}
    interaction = DiscordObjects().interaction(in_channel(thread))  # nothing cached
    event = inbound.button_pressed(interaction)
    assert event is not None
    assert event.parent_channel == ChannelRef("discord", thread["parent_id"])
    assert inbound.thread_parent(interaction) == event.parent_channel


# --- through the real discord.py, on the fake Discord -----------------------------------------


def topic_thread(fake: FakeDiscord, kind: int = 11) -> str:
    """Add a thread under #general (as Cohort opens under a topic); return its id."""
    return fake.guild.add_channel("What clicked?", kind=kind, parent_id=fake.guild.general)


async def test_a_slash_command_typed_in_a_thread_carries_its_parent(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    thread = topic_thread(fake)
    commands = handled_after_the_core(app, CommandInvoked)
    await fake.slash_command("alice", "guidelines show", channel_id=thread)
    await fake.slash_command("alice", "guidelines show")  # in #general itself

    # discord.py handles each interaction in a task of its own: they may finish in any order.
    handled = [await commands.get(), await commands.get()]
    parents = {event.interaction.channel.id: event.parent_channel for event in handled}
    assert parents == {thread: ChannelRef("discord", fake.guild.general), fake.guild.general: None}


async def test_a_button_and_a_form_in_a_private_thread_carry_its_parent(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    thread = topic_thread(fake, kind=12)  # a buddy group's thread
    card = fake.guild.store(thread, fake.guild.application_id, {"content": "Check-in"})
    presses = handled_after_the_core(app, ButtonPressed)
    forms = handled_after_the_core(app, FormSubmitted)
    await fake.press_button("alice", card.id, "nothing:here", channel_id=thread)
    await fake.submit_modal("alice", "nothing:here", {"text": "hi"}, channel_id=thread)

    general = ChannelRef("discord", fake.guild.general)
    pressed, submitted = await presses.get(), await forms.get()
    assert (pressed.interaction.channel.id, pressed.parent_channel) == (thread, general)
    assert (submitted.interaction.channel.id, submitted.parent_channel) == (thread, general)
