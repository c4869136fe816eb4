"""What a command or button handler is given: who, where, and the services to call."""

from __future__ import annotations

from dataclasses import dataclass

from bot.platform import Platform
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef
from bot.services import Services
from bot.shared.members import MemberInfo
from commands.types import MemberMention


@dataclass(frozen=True, slots=True)
class Context:
    """One invocation: the caller (with their level), the community and the services."""

    services: Services
    platform: Platform
    community: CommunityRef
    community_id: int
    caller: MemberInfo
    channel: ChannelRef
    interaction: InteractionRef
    message: MessageRef | None = None
    action_args: tuple[str, ...] = ()

    async def member_id(self, mention: MemberMention) -> int:
        """Return the id of the member a command named, or raise NotFoundError."""
        return await self.services.members.find_id(self.community_id, mention.id)
