"""Members' reports of a message: one card per message, however many report it.

A report's card is keyed by the message (`mod_flags.report_key`, unique per community), so a
second report, even from another process at the same moment, joins the card instead of
opening another. Each reporter is one row of `mod_flag_reporters` (reporting twice counts
once), with the reason they gave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.refs import MessageRef
from bot.storage.database import insert_for
from bot.storage.models import ModFlag, ModFlagReporter


@dataclass(frozen=True, slots=True)
class Reports:
    """How many members reported a card's message, and the reasons they gave, oldest first."""

    count: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExistingCard:
    """The card a reported message already has."""

    flag_id: int
    handled: bool


def report_key(message: MessageRef) -> str:
    """Return the key of a reported message's card: its channel and message ids."""
    return f"{message.channel_id}:{message.id}"[:140]


async def card_for(session: AsyncSession, community_id: int, key: str) -> ExistingCard | None:
    """Return the card the message with this key already has, if any."""
    query = select(ModFlag.id, ModFlag.handled_at).where(
        ModFlag.community_id == community_id, ModFlag.report_key == key
    )
    row = (await session.execute(query)).one_or_none()
    return None if row is None else ExistingCard(row.id, row.handled_at is not None)


async def add_reporter(
    session: AsyncSession, flag_id: int, member_id: int, reason: str | None, at: datetime
) -> None:
    """Count a member among a card's reporters (once, however often they report it)."""
    insert = insert_for(session)
    statement = (
        insert(ModFlagReporter)
        .values(flag_id=flag_id, member_id=member_id, reason=reason, reported_at=at)
        .on_conflict_do_nothing()
    )
    await session.execute(statement)


async def reports_of(session: AsyncSession, flag_id: int) -> Reports:
    """Return how many members reported a card's message, with their reasons."""
    count = await session.scalar(select(func.count()).where(ModFlagReporter.flag_id == flag_id))
    reasons = await session.scalars(
        select(ModFlagReporter.reason)
        .where(ModFlagReporter.flag_id == flag_id, ModFlagReporter.reason.is_not(None))
        .order_by(ModFlagReporter.reported_at, ModFlagReporter.member_id)
    )
    return Reports(int(count or 0), tuple(reason for reason in reasons if reason))
