"""Keeps the console's own world in the `--db` file, beside the bot's tables.

The database holds what the bot knows; the console also plays the platform, and a platform
remembers too: each member's level (`@hana is host`) and roles (`@alice gets &mentors`), who
is present, banned or timed out, and every message with its `mN` id and buttons. Without them a
second run would forget who is a host, hand out `m1` again while the bot's rows still name the
old `m1`, and lose the buttons of cards posted in the first run.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Integer, MetaData, Table, Text, delete, insert, select

from adapters.console.world import ConsoleMember, ConsoleMessage, ConsoleWorld
from bot.levels import Level
from bot.messages import Button, ButtonStyle, Field
from bot.storage.database import Database

# The adapter's own table, outside the bot's models and migrations: only the console uses it.
_WORLD = Table(
    "console_world",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("state", Text, nullable=False),
)


async def load(database: Database, world: ConsoleWorld) -> None:
    """Fill `world` with what an earlier run on this database kept, if any."""
    async with database.writing() as connection:
        await connection.run_sync(_WORLD.metadata.create_all)
        state = (await connection.execute(select(_WORLD.c.state))).scalar_one_or_none()
    if state is not None:
        _restore(world, json.loads(state))


async def save(database: Database, world: ConsoleWorld) -> None:
    """Keep `world` for the next run on this database."""
    async with database.writing() as connection:
        await connection.execute(delete(_WORLD))
        await connection.execute(insert(_WORLD).values(id=1, state=json.dumps(_state(world))))


def _state(world: ConsoleWorld) -> dict[str, Any]:
    return {
        "next_number": world.next_number,
        "roles": sorted(world.known_roles),
        "members": [
            {
                "name": member.name,
                "level": int(member.level),
                "present": member.present,
                "banned": member.banned,
                "timed_out_until": _moment(member.timed_out_until),
                "roles": sorted(member.roles),
            }
            for member in world.members.values()
        ],
        "messages": [_message_state(world.messages[message_id]) for message_id in world.order],
    }


def _message_state(message: ConsoleMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "channel_id": message.channel_id,
        "author": message.author,
        "text": message.text,
        "buttons": [[b.label, b.action_id, b.style.value] for b in message.buttons],
        "visible_to": None if message.visible_to is None else sorted(message.visible_to),
        "deleted": message.deleted,
        "fields": [[field.name, field.value] for field in message.fields],
    }


def _restore(world: ConsoleWorld, state: dict[str, Any]) -> None:
    world.next_number = int(state["next_number"])
    world.known_roles = set(state.get("roles", []))
    for kept in state["members"]:
        until = kept["timed_out_until"]
        world.members[kept["name"]] = ConsoleMember(
            name=kept["name"],
            level=Level(kept["level"]),
            present=kept["present"],
            banned=kept["banned"],
            timed_out_until=None if until is None else datetime.fromisoformat(until),
            roles=set(kept.get("roles", [])),  # kept before roles existed: none
        )
    for kept in state["messages"]:
        message = ConsoleMessage(
            id=kept["id"],
            channel_id=kept["channel_id"],
            author=kept["author"],
            text=kept["text"],
            buttons=tuple(
                Button(label, action_id, ButtonStyle(style))
                for label, action_id, style in kept["buttons"]
            ),
            visible_to=None if kept["visible_to"] is None else frozenset(kept["visible_to"]),
            deleted=kept["deleted"],
            fields=tuple(Field(name, value) for name, value in kept["fields"]),
        )
        world.messages[message.id] = message
        world.order.append(message.id)


def _moment(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
