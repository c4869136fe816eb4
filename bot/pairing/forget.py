"""What forgetting a member does to buddy pairing's records."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import BuddyGroup, BuddyGroupMember


async def forget_conversations(session: AsyncSession, member_id: int) -> None:
    """Drop the conversation ids of a member's buddy groups (forget hook).

    Some platforms' group conversation ids name their members (the console's `group:a,b`);
    nothing reads them after the group was opened. The member's places in the groups and their
    pairs (`buddy_pairs`) go by ON DELETE CASCADE.
    """
    theirs = select(BuddyGroupMember.group_id).where(BuddyGroupMember.member_id == member_id)
    await session.execute(
        update(BuddyGroup)
        .where(BuddyGroup.id.in_(theirs))
        .values(channel_external_id=None, message_external_id=None)
    )
