"""Members' reports of a message: one card per message, however many report it.

A report's card is keyed by the message (`mod_flags.report_key`, unique per community), so a
second report, even from another process at the same moment, joins the card instead of
opening another. Each reporter is one row of `mod_flag_reporters` (reporting twice counts
once), with the reason they gave.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.moderation import store
from bot.refs import MessageRef


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
    row = await store.flag_for_report(session, community_id, key)
    return None if row is None else ExistingCard(row.id, row.handled_at is not None)


async def reports_of(session: AsyncSession, flag_id: int) -> Reports:
    """Return how many members reported a card's message, with their reasons."""
    count, reasons = await store.reporters(session, flag_id)
    return Reports(count, tuple(reason for reason in reasons if reason))
