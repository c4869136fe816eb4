"""Where a community's buddy groups meet, for platforms that hold groups in one channel."""

from __future__ import annotations

from bot.refs import ChannelRef, CommunityRef
from bot.shared.communities import ChannelPurpose, CommunityService


async def buddies_channel(
    communities: CommunityService, community: CommunityRef
) -> ChannelRef | None:
    """Return the community's buddies channel (`/setup channel buddies`), if one is set.

    Discord opens each group as a private thread there; without one, each member gets a DM.
    """
    community_id = await communities.ensure(community)
    return await communities.channel_for(community_id, community.platform, ChannelPurpose.BUDDIES)
