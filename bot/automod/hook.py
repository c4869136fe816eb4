"""The inbound hook: every member's message is screened, and a hit is handed on.

What happens to a hit (a card in the mod queue, deleting, timing out) is not decided here: the
composition root passes the callback (the flag queue's). Edited messages are screened too.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.automod.model import FilterHit
from bot.automod.service import AutomodService
from bot.events import MessageEdited, MessagePosted
from bot.platform import Capability, Platform
from bot.shared.communities import CommunityService

log = logging.getLogger(__name__)

FilterHitCallback = Callable[[FilterHit, MessagePosted, Platform], Awaitable[None]]
"""Acts on a filter hit: `on_hit(hit, event, platform)`."""


async def log_filter_hit(hit: FilterHit, _event: MessagePosted, platform: Platform) -> None:
    """Log a filter hit (the default until moderation acts on hits)."""
    log.info(
        "automod %s on %s: %s by %s in %s (message %s) -> %s",
        hit.filter.value,
        platform.name,
        hit.rule,
        hit.author.id,
        hit.channel.id,
        hit.message.id,
        hit.action.value,
    )


class ScreenMessages:
    """Screens each member's message against the community's filters."""

    def __init__(
        self,
        communities: CommunityService,
        automod: AutomodService,
        on_hit: FilterHitCallback = log_filter_hit,
    ) -> None:
        self._communities = communities
        self._automod = automod
        self._on_hit = on_hit

    async def posted(self, event: MessagePosted, platform: Platform) -> None:
        """Screen a posted message; hand a hit to the callback."""
        if event.actor.is_bot:
            return
        communities = self._communities
        community_id = communities.known_id(event.community) or await communities.ensure(
            event.community
        )
        readable = Capability.MESSAGE_CONTENT in platform.capabilities
        hit = await self._automod.screen(community_id, event, content_readable=readable)
        if hit is not None:
            await self._on_hit(hit, event, platform)

    async def edited(self, event: MessageEdited, platform: Platform) -> None:
        """Screen an edited message for what it now says, so an edit cannot slip past a filter.

        The edit does not count towards flooding or repeats: it is not a new message.
        """
        if event.actor.is_bot or event.text is None:
            return
        as_posted = MessagePosted(
            community=event.community,
            at=event.at,
            raw=event.raw,
            actor=event.actor,
            message=event.message,
            text=event.text,
        )
        community_id = await self._communities.ensure(event.community)
        readable = Capability.MESSAGE_CONTENT in platform.capabilities
        hit = await self._automod.screen(
            community_id, as_posted, content_readable=readable, counts_as_new=False
        )
        if hit is not None:
            await self._on_hit(hit, as_posted, platform)
