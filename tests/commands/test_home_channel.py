"""The channel an invocation belongs to: a thread's parent channel, else where it happened.

Through the real router: a command, a button and a form, each typed in a thread and outside one.
"""

from __future__ import annotations

from typing import Any

import pytest

from adapters.console.platform import ConsolePlatform
from adapters.console.session import COMMUNITY, ConsoleSession
from adapters.console.world import PLATFORM
from bot.events import ButtonPressed, CommandInvoked, FormSubmitted
from bot.levels import Level
from bot.refs import ChannelRef, MessageRef
from commands.context import Context
from commands.registry import Registry
from commands.router import CommandRouter
from commands.spec import button, command, form
from tests.commands.support import actor, interaction

THREAD = ChannelRef(PLATFORM, "thread:m1")
GENERAL = ChannelRef(PLATFORM, "general")
SEEN: list[Context[None]] = []


@command("where", level=Level.MEMBER, read_only=True)
async def where(context: Context[None]) -> str:
    """Say where this was typed (for this test)."""
    SEEN.append(context)
    return "Noted."


@button("where", level=Level.MEMBER)
async def where_pressed(context: Context[None]) -> str:
    """Note where a button was pressed (for this test)."""
    SEEN.append(context)
    return "Noted."


@form("where", level=Level.MEMBER)
async def where_sent(context: Context[None]) -> str:
    """Note where a form was sent from (for this test)."""
    SEEN.append(context)
    return "Noted."


def routed_event(kind: str, console: ConsoleSession, parent: ChannelRef | None) -> Any:
    """Return a command, press or form by alice in the thread m1, with `parent` as its parent."""
    common: dict[str, Any] = {
        "community": COMMUNITY,
        "at": console.clock.now(),
        "actor": actor("alice"),
        "interaction": interaction("alice", THREAD.id),
        "parent_channel": parent,
    }
    if kind == "command":
        return CommandInvoked(**common, text="where")
    if kind == "button":
        message = MessageRef(PLATFORM, THREAD.id, "m2")
        return ButtonPressed(**common, action_id="where:here", message=message)
    return FormSubmitted(**common, form_id="where", values={})


@pytest.mark.parametrize("kind", ["command", "button", "form"])
@pytest.mark.parametrize("parent", [GENERAL, None], ids=["thread", "no thread"])
async def test_an_invocation_belongs_to_its_threads_parent_channel(
    console: ConsoleSession, kind: str, parent: ChannelRef | None
) -> None:
    registry = Registry()
    registry.add(where, where_pressed, where_sent)
    router = CommandRouter(registry, console.app.services)
    platform = ConsolePlatform(console.world, lambda _record: None)
    SEEN.clear()
    event = routed_event(kind, console, parent)
    handle = {"command": router.on_command, "button": router.on_button, "form": router.on_form}
    await handle[kind](event, platform)

    (context,) = SEEN
    assert context.channel == THREAD
    assert context.parent_channel == parent
    assert context.home_channel == (parent or THREAD)
