"""Timeouts, kicks and bans, with Discord's rules checked first so refusals are clear.

Discord refuses to act on the server owner, on anyone whose highest role is not below the
bot's, and without the matching permission. When discord.py's cache knows the server and the
member, those rules are checked before the call, so the moderator hears exactly what to change;
otherwise Discord's own 403 is turned into the same kind of message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import discord

from adapters.discord.errors import calling_discord
from bot.errors import PlatformRefused
from bot.i18n import N_, _
from bot.refs import CommunityRef, UserRef

MAX_TIMEOUT = timedelta(days=28)


@dataclass(frozen=True, slots=True)
class _Act:
    """One moderation act: the permission it needs and how a refusal names it."""

    permission: str
    on_members: str  # N_-marked: "time out members"
    on_member: str  # N_-marked, with {member}: "time out {member}"

    def naming(self, user: UserRef) -> str:
        """Return the act on `user`, in the reader's language: "time out <@1>"."""
        return _(self.on_member).format(member=f"<@{user.id}>")


_TIME_OUT = _Act("moderate_members", N_("time out members"), N_("time out {member}"))
_LIFT_TIMEOUT = _Act(
    "moderate_members", N_("lift the timeout of members"), N_("lift the timeout of {member}")
)
_REMOVE = _Act("kick_members", N_("remove members"), N_("remove {member}"))
_BAN = _Act("ban_members", N_("ban members"), N_("ban {member}"))
_UNBAN = _Act("ban_members", N_("unban members"), N_("unban {member}"))

# Discord's own names for the permissions, as its Server Settings show them.
_PERMISSION_NAMES = {
    "moderate_members": N_("Timeout Members"),
    "kick_members": N_("Kick Members"),
    "ban_members": N_("Ban Members"),
}


async def timeout(
    client: discord.Client,
    community: CommunityRef,
    user: UserRef,
    duration: timedelta,
    reason: str | None,
) -> None:
    """Time a member out for `duration` (Discord allows up to 28 days)."""
    if duration > MAX_TIMEOUT:
        raise PlatformRefused(_("Discord timeouts last at most 28 days (28d). Nothing was done."))
    _check(client, community, user, _TIME_OUT)
    until = discord.utils.utcnow() + duration
    await calling_discord(
        _TIME_OUT.naming(user),
        client.http.edit_member(
            community.id, user.id, reason=reason, communication_disabled_until=until.isoformat()
        ),
    )


async def untimeout(client: discord.Client, community: CommunityRef, user: UserRef) -> None:
    """Lift a member's timeout."""
    _check(client, community, user, _LIFT_TIMEOUT)
    await calling_discord(
        _LIFT_TIMEOUT.naming(user),
        client.http.edit_member(community.id, user.id, communication_disabled_until=None),
    )


async def kick(
    client: discord.Client, community: CommunityRef, user: UserRef, reason: str | None
) -> None:
    """Remove a member from the server."""
    _check(client, community, user, _REMOVE)
    await calling_discord(
        _REMOVE.naming(user), client.http.kick(user.id, community.id, reason=reason)
    )


async def ban(
    client: discord.Client, community: CommunityRef, user: UserRef, reason: str | None
) -> None:
    """Ban a member, keeping their messages (moderators purge separately)."""
    _check(client, community, user, _BAN)
    await calling_discord(
        _BAN.naming(user),
        client.http.ban(user.id, community.id, delete_message_seconds=0, reason=reason),
    )


async def unban(client: discord.Client, community: CommunityRef, user: UserRef) -> None:
    """Lift a ban."""
    _check(client, community, None, _UNBAN)
    await calling_discord(_UNBAN.naming(user), client.http.unban(user.id, community.id))


def _check(
    client: discord.Client, community: CommunityRef, user: UserRef | None, act: _Act
) -> None:
    guild = client.get_guild(int(community.id))
    if guild is None or guild.me is None:
        return  # nothing cached: Discord's answer decides
    me = guild.me
    if not getattr(me.guild_permissions, act.permission):
        raise PlatformRefused(
            _(
                "I cannot {action}: my role lacks the {permission} permission (Server Settings "
                "→ Roles). Nothing was done."
            ).format(action=_(act.on_members), permission=_(_PERMISSION_NAMES[act.permission]))
        )
    if user is None:
        return
    if int(user.id) == guild.owner_id:
        owner = _("I cannot {action}: they own the server.")
        raise PlatformRefused(owner.format(action=act.naming(user)))
    target = guild.get_member(int(user.id))
    if target is not None and target.top_role >= me.top_role:
        raise PlatformRefused(
            _(
                "I cannot {action}: their highest role ({their_role}) is not below mine "
                "({my_role}). Move my role above theirs in Server Settings → Roles. Nothing "
                "was done."
            ).format(
                action=act.naming(user),
                their_role=target.top_role.name,
                my_role=me.top_role.name,
            )
        )
