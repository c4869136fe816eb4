"""Timeouts, kicks and bans, with Discord's rules checked first so refusals are clear.

Discord refuses to act on the server owner, on anyone whose highest role is not below the
bot's, and without the matching permission. When discord.py's cache knows the server and the
member, those rules are checked before the call, so the moderator hears exactly what to change;
otherwise Discord's own 403 is turned into the same kind of message.
"""

from __future__ import annotations

from datetime import timedelta

import discord

from adapters.discord.errors import calling_discord
from bot.errors import PlatformRefused
from bot.refs import CommunityRef, UserRef

MAX_TIMEOUT = timedelta(days=28)


async def timeout(
    client: discord.Client,
    community: CommunityRef,
    user: UserRef,
    duration: timedelta,
    reason: str | None,
) -> None:
    """Time a member out for `duration` (Discord allows up to 28 days)."""
    if duration > MAX_TIMEOUT:
        raise PlatformRefused("Discord timeouts last at most 28 days (28d). Nothing was done.")
    _check(client, community, user, "moderate_members", "time out")
    until = discord.utils.utcnow() + duration
    await calling_discord(
        f"time out <@{user.id}>",
        client.http.edit_member(
            community.id, user.id, reason=reason, communication_disabled_until=until.isoformat()
        ),
    )


async def untimeout(client: discord.Client, community: CommunityRef, user: UserRef) -> None:
    """Lift a member's timeout."""
    _check(client, community, user, "moderate_members", "lift the timeout of")
    await calling_discord(
        f"lift the timeout of <@{user.id}>",
        client.http.edit_member(community.id, user.id, communication_disabled_until=None),
    )


async def kick(
    client: discord.Client, community: CommunityRef, user: UserRef, reason: str | None
) -> None:
    """Remove a member from the server."""
    _check(client, community, user, "kick_members", "remove")
    await calling_discord(
        f"remove <@{user.id}>", client.http.kick(user.id, community.id, reason=reason)
    )


async def ban(
    client: discord.Client, community: CommunityRef, user: UserRef, reason: str | None
) -> None:
    """Ban a member, keeping their messages (moderators purge separately)."""
    _check(client, community, user, "ban_members", "ban")
    await calling_discord(
        f"ban <@{user.id}>",
        client.http.ban(user.id, community.id, delete_message_seconds=0, reason=reason),
    )


async def unban(client: discord.Client, community: CommunityRef, user: UserRef) -> None:
    """Lift a ban."""
    _check(client, community, None, "ban_members", "unban")
    await calling_discord(f"unban <@{user.id}>", client.http.unban(user.id, community.id))


_PERMISSION_NAMES = {
    "moderate_members": "Timeout Members",
    "kick_members": "Kick Members",
    "ban_members": "Ban Members",
}


def _check(
    client: discord.Client,
    community: CommunityRef,
    user: UserRef | None,
    permission: str,
    verb: str,
) -> None:
    guild = client.get_guild(int(community.id))
    if guild is None or guild.me is None:
        return  # nothing cached: Discord's answer decides
    me = guild.me
    if not getattr(me.guild_permissions, permission):
        raise PlatformRefused(
            f"I cannot {verb} members: my role lacks the {_PERMISSION_NAMES[permission]} "
            "permission (Server Settings → Roles). Nothing was done."
        )
    if user is None:
        return
    if int(user.id) == guild.owner_id:
        raise PlatformRefused(f"I cannot {verb} <@{user.id}>: they own the server.")
    target = guild.get_member(int(user.id))
    if target is not None and target.top_role >= me.top_role:
        raise PlatformRefused(
            f"I cannot {verb} <@{user.id}>: their highest role ({target.top_role.name}) is not "
            f"below mine ({me.top_role.name}). Move my role above theirs in Server Settings → "
            "Roles. Nothing was done."
        )
