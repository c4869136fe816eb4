"""Helpers shared by the command tests: reading the bot's answer and snapshotting the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from adapters.console.world import PLATFORM
from bot.app import App
from bot.events import Actor, ButtonPressed, CommandInvoked, Event
from bot.levels import Level
from bot.refs import ChannelRef, InteractionRef, MessageRef, UserRef
from bot.storage.models import Base

BOT_KINDS = frozenset({"post", "reply", "dm", "group", "thread", "ephemeral", "edit"})


def answers(records: list[Record]) -> list[Record]:
    """Return the bot's messages among the records of one console line."""
    return [record for record in records if record.kind in BOT_KINDS]


def one_of_kind(records: list[Record], kind: str) -> Record:
    """Return the bot's one message of `kind` (`post`, `ephemeral`, `dm`) among `records`."""
    (found,) = [record for record in answers(records) if record.kind == kind]
    return found


def answer(records: list[Record]) -> Record:
    """Return the bot's one answer to a console line, failing if there is not exactly one."""
    found = answers(records)
    assert len(found) == 1, [record.as_text() for record in records]
    return found[0]


async def say(console: ConsoleSession, line: str) -> Record:
    """Run one console line and return the bot's one answer to it."""
    return answer(await console.say(line))


async def ok(console: ConsoleSession, line: str) -> str:
    """Run one console line that must succeed; return the answer's text."""
    reply = await say(console, line)
    assert not reply.error, reply.text
    return reply.text or ""


async def refused(console: ConsoleSession, line: str) -> str:
    """Run one console line that must be answered with a private error; return its text."""
    reply = await say(console, line)
    assert reply.error, reply.text
    assert reply.kind == "ephemeral", reply.kind
    return reply.text or ""


async def community_id(app: App) -> int:
    """Return the console community's id."""
    return await app.services.communities.ensure(COMMUNITY)


async def snapshot(app: App) -> dict[str, list[dict[str, Any]]]:
    """Return every row of every table, so a test can check that nothing changed."""
    rows: dict[str, list[dict[str, Any]]] = {}
    async with app.database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            result = await connection.execute(select(table).order_by(*table.primary_key.columns))
            rows[table.name] = [dict(row._mapping) for row in result]
    return rows


def actor(name: str, level: Level = Level.MEMBER, roles: frozenset[str] = frozenset()) -> Actor:
    """Return a console member as an event's actor, at a platform level, holding `roles`."""
    return Actor(
        user=UserRef(PLATFORM, name), display_name=name, platform_level=level, role_ids=roles
    )


def interaction(name: str, channel: str = "general") -> InteractionRef:
    """Return an interaction by member `name` in a console channel."""
    return InteractionRef(
        PLATFORM, f"t-{name}", f"t-{name}", ChannelRef(PLATFORM, channel), UserRef(PLATFORM, name)
    )


async def dispatch(console: ConsoleSession, event: Event) -> list[Record]:
    """Deliver an event the console script cannot write (a Discord-style command, a crafted
    button press) through the app's real dispatcher; return what the bot did."""
    records: list[Record] = []
    await console.app.dispatcher.dispatch(event, ConsolePlatform(console.world, records.append))
    return records


async def invoke(
    console: ConsoleSession,
    name: str,
    text: str,
    *,
    level: Level = Level.MEMBER,
    roles: frozenset[str] = frozenset(),
    options: dict[str, Any] | None = None,
) -> Record:
    """Run a command as a platform delivers it (multi-line text, roles, named options)."""
    event = CommandInvoked(
        community=COMMUNITY,
        at=console.clock.now(),
        actor=actor(name, level, roles),
        interaction=interaction(name),
        text=text,
        options=options,
    )
    return final_answer(await dispatch(console, event))


def final_answer(records: list[Record]) -> Record:
    """Return the answer to the caller: the bot's last message (a command may post first)."""
    found = answers(records)
    assert found, [record.as_text() for record in records]
    return found[-1]


def press_event(
    console: ConsoleSession, name: str, action_id: str, *, level: Level = Level.MEMBER
) -> ButtonPressed:
    """Return a press of a button with any action id, as a platform would deliver it."""
    return ButtonPressed(
        community=COMMUNITY,
        at=console.clock.now(),
        actor=actor(name, level),
        interaction=interaction(name),
        action_id=action_id,
        message=MessageRef(PLATFORM, "general", "m0"),
    )


async def press(
    console: ConsoleSession, name: str, action_id: str, *, level: Level = Level.MEMBER
) -> Record:
    """Press a button with any action id through the app; return the one answer."""
    return answer(await dispatch(console, press_event(console, name, action_id, level=level)))
