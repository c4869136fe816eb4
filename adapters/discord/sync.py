"""Registering the application commands with Discord, only when the command set changed.

Discord rate-limits command registration, so the digest of what each scope last received is
stored and compared; a scope is registered again only when it differs, or when forced.
"""

from __future__ import annotations

from typing import Any

import discord

from adapters.discord.app_commands import command_set_digest
from bot.i18n import ngettext
from bot.port import CommandSyncs

GLOBAL_SCOPE = "discord:global"


def guild_scope(guild_id: int) -> str:
    """Return the sync scope of one guild's commands."""
    return f"discord:guild:{guild_id}"


async def sync_commands(
    http: discord.http.HTTPClient,
    application_id: int,
    bodies: list[dict[str, Any]],
    syncs: CommandSyncs,
    guild_ids: list[int],
    *,
    force: bool,
) -> list[str]:
    """Register `bodies` globally, or in each of `guild_ids`; return what was done, per line.

    Guild commands appear at once (for development); global ones are for everyone. A failed
    registration raises `discord.HTTPException` and records nothing for that scope.
    """
    digest = command_set_digest(bodies)
    lines = []
    for guild_id in _guilds_or_global(guild_ids):
        scope = GLOBAL_SCOPE if guild_id is None else guild_scope(guild_id)
        label = "global commands" if guild_id is None else f"guild {guild_id}"
        if not force and await syncs.digest(scope) == digest:
            lines.append(f"{label}: up to date")
            continue
        await _put(http, application_id, guild_id, bodies)
        await syncs.record(scope, digest)
        lines.append(f"{label}: synced {_count(bodies)}")
    return lines


def _guilds_or_global(guild_ids: list[int]) -> list[int | None]:
    # Each guild once, in the order given; None stands for the global commands.
    return list(dict.fromkeys(guild_ids)) or [None]


async def _put(
    http: discord.http.HTTPClient,
    application_id: int,
    guild_id: int | None,
    bodies: list[dict[str, Any]],
) -> None:
    if guild_id is None:
        await http.bulk_upsert_global_commands(application_id, bodies)
    else:
        await http.bulk_upsert_guild_commands(application_id, guild_id, bodies)


def _count(bodies: list[dict[str, Any]]) -> str:
    # An operator's line (printed and logged), English like log lines: no community's language
    # is spoken here. The count's words still follow the plural rule, not an if/else on 1.
    count = len(bodies)
    return ngettext("{count} command", "{count} commands", count).format(count=count)
