"""Which scope a command applies to: where it was typed, or the cohort a channel names.

A command typed in a cohort's home channel (or a thread under it) applies to that cohort; a
channel argument that is a cohort's home selects that cohort wherever it is typed; anything
else applies to the whole community, as in a community with no cohorts.
"""

from __future__ import annotations

from typing import Any, Protocol

from bot.cohorts.scope import Scope
from bot.cohorts.service import CohortInfo
from bot.refs import ChannelRef
from commands.context import Context


class CohortLookup(Protocol):
    """What scoping asks of the cohort registry."""

    async def for_channel(
        self, community_id: int, channel_id: str, *, archived: bool = False
    ) -> CohortInfo | None:
        """Return the active cohort whose home is this channel (or, with `archived`, the last
        one that was, when none is active)."""
        ...


async def scope_of(
    context: Context[Any],
    cohorts: CohortLookup,
    channel: ChannelRef | None = None,
    *,
    archived: bool = False,
) -> Scope:
    """Return the scope of an invocation: `channel`'s cohort, else the one it was typed in.

    `archived`: for reading what an ended cohort did (`/stats`), a home channel whose cohorts
    are all archived selects the last of them.
    """
    if channel is not None:
        named = await cohorts.for_channel(context.community_id, channel.id, archived=archived)
        if named is not None:
            return Scope(context.community_id, named)
    here = await cohorts.for_channel(
        context.community_id, context.home_channel.id, archived=archived
    )
    return Scope(context.community_id, here)
