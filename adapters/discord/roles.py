"""Who holds a Discord role: from the member cache when it is complete, else page by page.

With the Server Members intent discord.py keeps every member it has been told about up to date
(joins, leaves, role changes). Cohort does not ask the gateway for every member at start-up
(`chunk_guilds_at_startup=False`), so the cache is complete only for a server whose members
all came with GUILD_CREATE (a small one: discord.py's `guild.chunked`). Otherwise the members
are read with `GET /guilds/{id}/members`, 1,000 a page (`guild.fetch_members`), which costs no
memory beyond the call and needs nothing from the gateway; the role is checked on each.
"""

from __future__ import annotations

import discord

from adapters.discord.errors import calling_discord
from bot.errors import NotFoundError, PlatformRefused
from bot.i18n import _
from bot.refs import CommunityRef, RoleRef, UserRef

PLATFORM = "discord"


async def role_members(
    client: discord.Client, community: CommunityRef, role: RoleRef
) -> list[UserRef]:
    """Return the members (not bots) holding `role` in the server `community`."""
    if not client.intents.members:
        raise _members_intent_refusal()
    guild = client.get_guild(int(community.id))
    found = None if guild is None else guild.get_role(int(role.id))
    if guild is None or found is None:
        raise NotFoundError(
            _("The role {role} does not exist on this Discord server (any more).").format(
                role=f"<@&{role.id}>"
            )
        )
    if guild.chunked:
        holders = found.members
    else:
        holders = await calling_discord(
            _("list the server's members"), _fetch_holders(guild, found)
        )
    return [UserRef(PLATFORM, str(member.id)) for member in holders if not member.bot]


async def _fetch_holders(guild: discord.Guild, role: discord.Role) -> list[discord.Member]:
    try:
        return [
            member
            async for member in guild.fetch_members(limit=None)
            if role.is_default() or member.get_role(role.id) is not None  # @everyone: all
        ]
    except discord.Forbidden as error:
        # Discord answers 403 "Missing Access" when the Server Members intent is off.
        raise _members_intent_refusal() from error


def _members_intent_refusal() -> PlatformRefused:
    return PlatformRefused(
        _(
            "Discord does not let me list who holds a role: turn on Server Members Intent in "
            "the Developer Portal (your application → Bot → Privileged Gateway Intents) and "
            "start Cohort again."
        )
    )
