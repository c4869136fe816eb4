"""Inbound reactions: MESSAGE_REACTION_ADD (the Guild Message Reactions intent) as the core's
`ReactionAdded`. Pure, like `inbound.py`: None for what Cohort does not count.

Which emoji is left behind here: the core counts reactions and never keeps what they were.
"""

from __future__ import annotations

from datetime import datetime

import discord

from adapters.discord.levels import PLATFORM, member_actor
from bot.events import ReactionAdded
from bot.refs import CommunityRef, MessageRef


def reaction_added(
    payload: discord.RawReactionActionEvent, *, bot_user_id: int, at: datetime
) -> ReactionAdded | None:
    """Return a member's reaction in a guild; None in DMs, and for bots (Cohort included).

    Discord sends the reacting member with a guild reaction; without it (a partial payload)
    nothing is counted. `at`: when it arrived (Discord's event carries no time).
    """
    member = payload.member
    if payload.guild_id is None or member is None:
        return None
    if member.bot or payload.user_id == bot_user_id:
        return None
    return ReactionAdded(
        community=CommunityRef(PLATFORM, str(payload.guild_id)),
        at=at,
        raw=payload,
        actor=member_actor(member),
        message=MessageRef(PLATFORM, str(payload.channel_id), str(payload.message_id)),
    )
