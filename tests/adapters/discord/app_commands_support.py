"""What the application-command tests share: ids, demo commands, and interaction payloads."""

from __future__ import annotations

import json
from datetime import time, timedelta
from typing import Annotated, Any, Literal

import discord

from adapters.discord.app_commands import command_invoked
from bot.events import Actor, CommandInvoked
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, InteractionRef, UserRef
from commands.context import Context
from commands.registry import Registry
from commands.spec import CommandSpec, Suggest, command
from commands.suggest import SuggestContext, Suggestion
from commands.types import ChannelMention, MemberMention, RoleOrMember, Text, TimeZoneName, Weekday
from tests.adapters.discord.openapi import SAMPLES
from tests.commands.registry_support import real_registry

APPLICATION_ID = "775799577604522054"
GUILD_ID = "290926798626357999"
USER_ID = "53908232506183680"
ROLE_ID = "539082325061836999"
CHANNEL_ID = "645027906669510667"

ACTOR = Actor(UserRef("discord", USER_ID), "Mason")
COMMUNITY = CommunityRef("discord", GUILD_ID)
REF = InteractionRef(
    "discord",
    "786008729715212338",
    "A_UNIQUE_TOKEN",
    ChannelRef("discord", CHANNEL_ID),
    ACTOR.user,
)


# --- Demo commands ---------------------------------------------------------------------------


async def rules(_context: SuggestContext, _typed: str) -> list[Suggestion]:
    """Offer nothing; only declared."""
    return []


@command("demo every", level=Level.MEMBER)
async def demo_every(
    context: Context,
    word: str,
    number: Annotated[int, "a number", Suggest(rules)],
    duration: Annotated[timedelta, "how long"],
    weekday: Weekday,
    at: time,
    zone: TimeZoneName,
    member: MemberMention,
    channel: ChannelMention,
    who: RoleOrMember,
    mode: Annotated[Literal["on", "off"], "on or off"],
    reason: Annotated[Text | None, "why"] = None,
) -> str:  # pragma: no cover - never run
    """Take one option of every kind."""
    return ""


@command("demo standalone", level=Level.HOST)
async def demo_host(context: Context) -> str:  # pragma: no cover - never run
    """A host command."""
    return ""


@command("modtool", level=Level.MODERATOR)
async def demo_moderator(context: Context) -> str:  # pragma: no cover - never run
    """A moderator command."""
    return ""


@command("admintool", level=Level.ADMIN)
async def demo_admin(context: Context) -> str:  # pragma: no cover - never run
    """An admin command."""
    return ""


@command("hosttool", level=Level.HOST)
async def demo_host_tool(context: Context) -> str:  # pragma: no cover - never run
    """A host command without subcommands."""
    return ""


@command("demo settings", level=Level.ADMIN)
async def demo_settings(context: Context) -> str:  # pragma: no cover - never run
    """An admin subcommand."""
    return ""


@command("demo cases", level=Level.MODERATOR)
async def demo_cases(context: Context) -> str:  # pragma: no cover - never run
    """A moderator subcommand."""
    return ""


def demo_registry(*specs: CommandSpec) -> Registry:
    """Return a registry holding `specs`."""
    registry = Registry()
    registry.add(*specs)
    return registry


def body_named(bodies: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Return the body of the top-level command `name`."""
    return next(body for body in bodies if body["name"] == name)


# --- Interaction payloads --------------------------------------------------------------------


def sample(name: str) -> dict[str, Any]:
    """Return one of Discord's documented payloads."""
    loaded: dict[str, Any] = json.loads((SAMPLES / name).read_text())
    return loaded


def interaction_payload(data: dict[str, Any], kind: int = 2) -> dict[str, Any]:
    """Return an INTERACTION_CREATE payload in a guild with what discord.py 2.7 requires."""
    base = sample("interaction_create__slash_command_with_option__docs.json")
    base["member"]["flags"] = 0
    return {
        **base,
        "type": kind,
        "version": 1,
        "application_id": APPLICATION_ID,
        "attachment_size_limit": 8388608,
        "data": data,
    }


def build(state: discord.state.ConnectionState, payload: dict[str, Any]) -> discord.Interaction:
    """Return the discord.py interaction for `payload`."""
    return discord.Interaction(data=payload, state=state)  # type: ignore[arg-type]


def invoked(
    interaction: discord.Interaction, registry: Registry | None = None
) -> CommandInvoked | None:
    """Translate `interaction` with the real registry (or `registry`)."""
    return command_invoked(interaction, registry or real_registry(), ACTOR, REF, COMMUNITY)
