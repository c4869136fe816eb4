"""Wires the cohort registry into the core: its service, and channel joins and leaves."""

from __future__ import annotations

from typing import Protocol

from bot.cohorts.service import CohortService
from bot.errors import NotFoundError
from bot.events import MemberJoined, MemberLeft
from bot.platform import Platform
from bot.refs import CommunityRef
from bot.shared.core import Calendar, Communities, Events, Kernel, Members


class CohortsUses(Kernel, Events, Communities, Members, Calendar, Protocol):
    """What cohorts use of the shared core."""


class ChannelFollower:
    """Keeps followed cohorts in step with their home channel's joins and leaves (Slack)."""

    def __init__(self, core: CohortsUses, cohorts: CohortService) -> None:
        self._communities = core.communities
        self._members = core.members
        self._cohorts = cohorts

    async def joined(self, event: MemberJoined, _platform: Platform) -> None:
        """A member joined a channel: a member of the cohorts that follow it."""
        if event.channel is not None and not event.actor.is_bot:
            await self._record(event.community, event.channel.id, event.actor.user.id, True)

    async def left(self, event: MemberLeft, _platform: Platform) -> None:
        """A member left a channel: no longer a member of the cohorts that follow it."""
        if event.channel is not None:
            await self._record(event.community, event.channel.id, event.actor.user.id, False)

    async def _record(
        self, community: CommunityRef, channel_id: str, user_id: str, joined: bool
    ) -> None:
        community_id = await self._communities.ensure(community)
        try:
            member_id = await self._members.find_id(community_id, user_id)
        except NotFoundError:
            return  # a leave of someone Cohort never saw: nothing to take back
        await self._cohorts.channel_membership(community_id, channel_id, member_id, joined)


def wire(core: CohortsUses) -> CohortService:
    """Build the cohort service and follow channel joins and leaves; return the service.

    A forgotten member leaves every cohort by the foreign key's cascade (no hook needed).
    """
    cohorts = CohortService(
        core.database, core.clock, core.communities, core.breaks, core.schedules
    )
    follower = ChannelFollower(core, cohorts)
    core.dispatcher.subscribe(MemberJoined, follower.joined)
    core.dispatcher.subscribe(MemberLeft, follower.left)
    return cohorts
