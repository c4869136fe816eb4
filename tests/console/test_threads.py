"""In the console, a command typed (or a button pressed) in `thread mN` carries the channel that
thread belongs to, as Discord's threads do."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from adapters.console.world import PLATFORM
from bot.app import App
from bot.events import ButtonPressed, CommandInvoked
from bot.messages import Button, OutboundMessage
from bot.refs import ChannelRef, MessageRef
from tests.adapters.handled import handled_after_the_core

GENERAL = ChannelRef(PLATFORM, "general")


async def test_a_command_in_a_thread_carries_the_channel_of_its_root(
    console: ConsoleSession, app: App
) -> None:
    commands = handled_after_the_core(app, CommandInvoked)
    root = (await console.say("@alice in #general: What clicked this week?"))[0].id
    await console.say(f"@bob in thread {root}: /help")
    await console.say("@bob: /help")
    await console.say("@bob in #projects: /help")
    await console.say("@bob dm: /help")

    in_thread = await commands.get()
    assert in_thread.interaction.channel == ChannelRef(PLATFORM, f"thread:{root}")
    assert in_thread.parent_channel == GENERAL
    elsewhere = [await commands.get() for _ in range(3)]
    assert [event.interaction.channel.id for event in elsewhere] == [
        "general",
        "projects",
        "dm:bob",
    ]
    assert [event.parent_channel for event in elsewhere] == [None, None, None]


async def test_a_thread_under_a_reply_in_a_thread_belongs_to_the_first_channel(
    console: ConsoleSession, app: App
) -> None:
    commands = handled_after_the_core(app, CommandInvoked)
    root = (await console.say("@alice in #projects: Show your work"))[0].id
    reply = (await console.say(f"@bob in thread {root}: Mine"))[0].id
    await console.say(f"@carl in thread {reply}: /help")

    assert (await commands.get()).parent_channel == ChannelRef(PLATFORM, "projects")


async def test_a_button_pressed_in_a_thread_carries_its_channel(
    console: ConsoleSession, app: App
) -> None:
    presses = handled_after_the_core(app, ButtonPressed)
    root = (await console.say("@alice: Pair me up?"))[0].id
    card = OutboundMessage("Check-in", buttons=(Button("We met", "nothing:here"),))
    posted = await console.platform.post_in_thread(MessageRef(PLATFORM, "general", root), card)
    await console.say(f'@alice presses "We met" on {posted.id}')

    pressed = await presses.get()
    assert pressed.message.channel_id == f"thread:{root}"
    assert pressed.parent_channel == GENERAL
