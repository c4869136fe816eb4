"""Who a Discord user is to Cohort: their actor, and the level their permissions imply.

Hosts are a Cohort idea with no Discord permission behind them: they come only from the roles
configured with `/setup role`, which the core applies through the actor's role ids.
"""

from __future__ import annotations

from dataclasses import replace

import discord

from bot.events import Actor
from bot.levels import Level
from bot.refs import UserRef

PLATFORM = "discord"


def level_from_permissions(permissions: discord.Permissions, *, is_owner: bool) -> Level:
    """Return the level Discord's permissions imply; hosts come only from configured roles."""
    if is_owner or permissions.administrator:
        return Level.ADMIN
    if permissions.moderate_members or permissions.manage_messages:
        return Level.MODERATOR
    return Level.MEMBER


def member_actor(member: discord.Member | discord.User) -> Actor:
    """Return the actor for a member (level from their roles) or a bare user (a member)."""
    level = Level.MEMBER
    role_ids: frozenset[str] = frozenset()
    if isinstance(member, discord.Member):
        guild = member.guild
        level = level_from_permissions(member.guild_permissions, is_owner=_owns(guild, member))
        # Every member has @everyone, whose id is the guild's: it says nothing about them.
        role_ids = frozenset(str(role.id) for role in member.roles if role.id != guild.id)
    return Actor(
        UserRef(PLATFORM, str(member.id)),
        member.display_name,
        platform_level=level,
        role_ids=role_ids,
        is_bot=member.bot,
    )


def interaction_actor(interaction: discord.Interaction) -> Actor:
    """Return the actor behind an interaction, judged by the permissions Discord sent with it,
    with the locale of their Discord app (`es-ES`), which their private answers follow."""
    user = interaction.user
    level = level_from_permissions(interaction.permissions, is_owner=_owns(interaction.guild, user))
    locale = getattr(interaction.locale, "value", None)
    return replace(member_actor(user), platform_level=level, locale=locale or None)


def _owns(guild: discord.Guild | None, user: discord.abc.Snowflake) -> bool:
    return guild is not None and guild.owner_id is not None and guild.owner_id == user.id
