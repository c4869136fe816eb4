"""Discord's scheduled events for sessions (`PlatformEvents`), where the bot has Manage Events.

An event is external (`entity_type` 3): its location is the card's link, so a member who opens
it in Discord's event list lands where they answer. Only the server's members see it
(`privacy_level` 2). Cancelling marks it cancelled (status 4), as Discord allows for an event
that has not started. Without Manage Events (the invite asks for `manage_events`; a server may
take it away) nothing is made or changed: the card alone stands for the session.
"""

from __future__ import annotations

from typing import Any

import discord

from adapters.discord.errors import calling_discord
from adapters.discord.render import cut
from adapters.mentions import unmarked
from bot.errors import PlatformError
from bot.i18n import _
from bot.platform import EventDetails
from bot.refs import MessageRef

EXTERNAL = 3
GUILD_ONLY = 2
CANCELED = 4
MAX_NAME = 100
MAX_DESCRIPTION = 1000
_UNKNOWN_EVENT = 10070


async def schedule(client: discord.Client, details: EventDetails) -> str | None:
    """Create the event; None without Manage Events (or when the card's server is unknown)."""
    guild = _managed(client, details.card)
    if guild is None:
        return None
    created = await calling_discord(
        _("create the server event"),
        client.http.create_guild_scheduled_event(
            guild.id, privacy_level=GUILD_ONLY, entity_type=EXTERNAL, **_payload(guild, details)
        ),
    )
    return str(created["id"])


async def update(client: discord.Client, event_id: str, details: EventDetails) -> None:
    """Give the event the session's time and text (nothing without Manage Events)."""
    guild = _managed(client, details.card)
    if guild is not None:
        await _edit(client, guild, event_id, _payload(guild, details))


async def cancel(client: discord.Client, event_id: str, card: MessageRef) -> None:
    """Mark the event cancelled (nothing without Manage Events, or when it is gone)."""
    guild = _managed(client, card)
    if guild is not None:
        await _edit(client, guild, event_id, {"status": CANCELED})


async def _edit(
    client: discord.Client, guild: discord.Guild, event_id: str, payload: dict[str, Any]
) -> None:
    try:
        await calling_discord(
            _("change the server event"),
            client.http.edit_scheduled_event(guild.id, event_id, **payload),
        )
    except PlatformError as error:
        if not isinstance(error.__cause__, discord.NotFound):
            raise
        if error.__cause__.code != _UNKNOWN_EVENT:
            raise
        # Someone deleted the event in Discord: the card carries on alone.


def _managed(client: discord.Client, card: MessageRef) -> discord.Guild | None:
    """Return the card's server when the bot may manage its events there."""
    channel = client.get_channel(int(card.channel_id))
    guild = getattr(channel, "guild", None)
    if not isinstance(guild, discord.Guild) or guild.me is None:
        return None
    return guild if guild.me.guild_permissions.manage_events else None


def _payload(guild: discord.Guild, details: EventDetails) -> dict[str, Any]:
    link = f"https://discord.com/channels/{guild.id}/{details.card.channel_id}/{details.card.id}"
    return {
        "name": cut(unmarked(details.title), MAX_NAME),
        "description": cut(unmarked(details.description), MAX_DESCRIPTION),
        "scheduled_start_time": details.starts_at.isoformat(),
        "scheduled_end_time": details.ends_at.isoformat(),
        "entity_metadata": {"location": link},
    }
