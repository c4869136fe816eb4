"""Keeps member rows and activity in step with what happens on the platform.

The core's own handlers, subscribed before any feature's: a feature's handler for the same
event (the welcome on a join, the screening of a post) finds the member's row already there.
"""

from __future__ import annotations

from bot.dispatcher import Dispatcher
from bot.events import MemberJoined, MemberLeft, MessagePosted, ReactionAdded
from bot.platform import Platform
from bot.shared.activity import ActivityService
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService


def is_question(event: MessagePosted) -> bool:
    """Return whether a post counts as a question: top-level, ending in a question mark.

    The text is read for this one character and never stored. Where the platform withholds
    text (Discord without the Message Content intent) no post counts as a question.
    """
    text = event.text
    return event.thread_root is None and text is not None and text.rstrip().endswith("?")


class Membership:
    """Records joins, leaves, posts and reactions: member rows, and activity (who posted or
    reacted when)."""

    def __init__(
        self, communities: CommunityService, members: MemberService, activity: ActivityService
    ) -> None:
        self._communities = communities
        self._members = members
        self._activity = activity

    def subscribe(self, dispatcher: Dispatcher) -> None:
        """Subscribe the handlers; before any feature's, so member rows exist for them."""
        dispatcher.subscribe(MemberJoined, self.joined)
        dispatcher.subscribe(MemberLeft, self.left)
        dispatcher.subscribe(MessagePosted, self.posted)
        dispatcher.subscribe(ReactionAdded, self.reacted)

    async def joined(self, event: MemberJoined, _platform: Platform) -> None:
        """Keep the member's row and their join time."""
        community_id = await self._communities.ensure(event.community)
        # Joining one channel (Slack) is not joining the community: an earlier join time stays.
        channel_only = event.channel is not None
        members = self._members
        await members.record_joined(community_id, event.actor, event.at, first_only=channel_only)

    async def left(self, event: MemberLeft, _platform: Platform) -> None:
        """Note when the member left the community; leaving one channel (Slack) changes nothing."""
        if event.channel is not None:
            return
        community_id = await self._communities.ensure(event.community)
        await self._members.record_left(community_id, event.actor, event.at)

    async def posted(self, event: MessagePosted, _platform: Platform) -> None:
        """Count a member's post (bots' posts are not counted)."""
        if event.actor.is_bot:
            return
        communities = self._communities
        community_id = communities.known_id(event.community) or await communities.ensure(
            event.community
        )
        await self._activity.record(
            community_id,
            event.actor,
            event.at,
            reply_to=event.thread_root,
            message=event.message,
            question=is_question(event),
        )

    async def reacted(self, event: ReactionAdded, _platform: Platform) -> None:
        """Count a member's reaction as light participation (bots' are not counted)."""
        if event.actor.is_bot:
            return
        community_id = await self._communities.ensure(event.community)
        await self._activity.record_reaction(community_id, event.actor, event.at)
