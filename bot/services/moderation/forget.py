"""What forgetting a member does to the moderation record.

The record is kept, anonymously: the cases about the member stay (what was done, when, by
whom, the moderator's reason) but lose the link to the member and the excerpt of their words;
moderators' private notes about them are deleted. Flags of their messages go with them (ON
DELETE CASCADE); the reporter, handler and moderator links of other rows become NULL.
"""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.moderation.cases import CaseKind
from bot.storage.models import ModCase


async def forget_member_cases(session: AsyncSession, member_id: int) -> None:
    """Anonymise the cases about a member and delete the notes about them (forget hook)."""
    await session.execute(
        delete(ModCase).where(ModCase.member_id == member_id, ModCase.kind == CaseKind.NOTE.value)
    )
    await session.execute(
        update(ModCase).where(ModCase.member_id == member_id).values(member_id=None, excerpt=None)
    )
