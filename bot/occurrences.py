"""What a scheduled job receives to do its occurrence once: a post made at most once, and the
hook that closes the occurrence inside the transaction recording the work.

The scheduler implements it; `bot/` declares it so jobs (topic posts, digests, buddy rounds)
can use it without importing the scheduler. `RecordHook` is the shape of that closing hook as
the features' recording code takes it (an `OccurrenceWork` is one).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.messages import OutboundMessage
from bot.platform import Platform
from bot.refs import ChannelRef, MessageRef

RecordHook = Callable[[AsyncConnection, str], Awaitable[None]]
"""Extra work for the transaction that records a post; given the post's message id."""


class OccurrenceWork(Protocol):
    """One occurrence being done: post its message once, then close it with the record."""

    async def __call__(self, connection: AsyncConnection, note: str) -> None:
        """Close the occurrence as done inside the transaction that records its work."""
        ...

    async def post(
        self, platform: Platform, channel: ChannelRef, message: OutboundMessage
    ) -> MessageRef:
        """Post the occurrence's message, or return the one an earlier attempt already made."""
        ...
