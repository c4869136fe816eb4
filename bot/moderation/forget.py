"""What forgetting a member does to the moderation record.

The record is kept, anonymously: the cases about the member stay (what was done, when, by
whom, the moderator's reason) but lose the link to the member and the excerpt of their words;
their name is taken out of the reasons moderators wrote; moderators' private notes about them
are deleted. Cases that still count (an active warning, a running timeout, a ban not lifted)
keep a keyed hash of the member's platform id (`subjects.py`), so the ladder and the ban still
apply when they come back. Flags of their messages and their reports go with them (ON DELETE
CASCADE), and so does the reason they gave on a card they opened; the reporter, handler and
moderator links of other rows become NULL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.clock import Clock
from bot.i18n import N_, _
from bot.moderation.cases import CaseKind
from bot.moderation.subjects import COUNTING, subject_in
from bot.storage.models import Member, ModCase, ModFlag, ModFlagReporter

FORGOTTEN = N_("(a forgotten member)")


class ForgetCases:
    """The moderation record's forget hook."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def __call__(self, session: AsyncSession, member_id: int) -> None:
        """Anonymise the cases about a member, keeping what still counts countable."""
        subject = await subject_in(session, member_id)
        member = await session.get_one(Member, member_id)
        about = ModCase.member_id == member_id
        await session.execute(delete(ModCase).where(about, ModCase.kind == CaseKind.NOTE.value))
        counting = or_(
            and_(ModCase.kind.in_(COUNTING), ModCase.expires_at > self._clock.now()),
            ModCase.id == await _ban_in_effect(session, member_id),
        )
        await session.execute(
            update(ModCase).where(about, counting).values(subject_hash=subject.hash)
        )
        await session.execute(update(ModCase).where(about).values(member_id=None, excerpt=None))
        await session.execute(
            update(ModFlag).where(ModFlag.reporter_id == member_id).values(reason=None)
        )
        names = [member.external_id, member.display_name]
        community = member.community_id
        await _scrub(session, ModCase.reason, ModCase.community_id == community, names)
        await _scrub(session, ModFlag.reason, ModFlag.community_id == community, names)
        reported = ModFlagReporter.flag_id.in_(
            select(ModFlag.id).where(ModFlag.community_id == community)
        )
        await _scrub(session, ModFlagReporter.reason, reported, names)


async def _ban_in_effect(session: AsyncSession, member_id: int) -> int | None:
    """Return the member's ban case if their newest ban or unban is a ban."""
    newest = await session.execute(
        select(ModCase.id, ModCase.kind)
        .where(
            ModCase.member_id == member_id,
            ModCase.kind.in_((CaseKind.BAN.value, CaseKind.UNBAN.value)),
        )
        .order_by(ModCase.id.desc())
        .limit(1)
    )
    row = newest.one_or_none()
    return row.id if row is not None and row.kind == CaseKind.BAN.value else None


async def _scrub(
    session: AsyncSession,
    column: InstrumentedAttribute[str | None],
    where: Any,
    names: Sequence[str],
) -> None:
    """Replace the member's name and id, as whole words, in a text column's rows."""
    spelled = [name for name in dict.fromkeys(names) if name.strip()]
    if not spelled:
        return
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in spelled), re.IGNORECASE
    )
    table = column.class_
    mentions = or_(*(func.lower(column).contains(name.lower()) for name in spelled))
    key = table.__mapper__.primary_key
    rows = await session.execute(select(*key, column).where(where, mentions))
    forgotten = _(FORGOTTEN)
    for *ids, text in rows:
        cleaned = pattern.sub(lambda _match: forgotten, text)
        if cleaned != text:
            match = and_(*(part == value for part, value in zip(key, ids, strict=True)))
            await session.execute(update(table).where(match).values({column.key: cleaned}))
