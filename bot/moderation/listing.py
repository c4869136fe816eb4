"""The open flag queue and the case log as lists: for the dashboard's moderation page.

The cards in the mod-queue channel are the queue on the platform; this reads the same rows,
oldest first, with what each card shows. Acting on one is `FlagQueue.press`, as the card's
buttons do. The case log is read a page at a time, newest first, with the names of the
people in each case (a web page cannot show a platform's mention).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from bot.moderation import reasons
from bot.storage.database import Database
from bot.storage.models import Member, ModCase, ModFlag


@dataclass(frozen=True, slots=True)
class OpenFlag:
    """An unhandled flag: where it came from, about whom, why, and its card's place."""

    id: int
    source: str
    rule: str | None
    reason: str | None
    excerpt: str | None
    author_external_id: str | None
    author_name: str | None
    created_at: datetime
    card_channel_external_id: str | None
    card_message_external_id: str | None
    message_external_id: str | None


async def open_flags(
    database: Database, community_id: int, *, limit: int = 50, offset: int = 0
) -> tuple[int, list[OpenFlag]]:
    """Return how many flags are unhandled and a page of them, oldest first.

    For the dashboard and /commands alike; `limit` and `offset` page through the queue.
    """
    author = aliased(Member)
    waiting = (ModFlag.community_id == community_id, ModFlag.handled_at.is_(None))
    query = (
        select(
            ModFlag.id,
            ModFlag.source,
            ModFlag.rule,
            ModFlag.reason,
            ModFlag.excerpt,
            author.external_id,
            author.display_name,
            ModFlag.created_at,
            ModFlag.card_channel_external_id,
            ModFlag.card_message_external_id,
            ModFlag.message_external_id,
        )
        .outerjoin(author, author.id == ModFlag.author_id)
        .where(*waiting)
        .order_by(ModFlag.id)
        .limit(limit)
        .offset(offset)
    )
    async with database.reading() as connection:
        count = (await connection.execute(select(func.count()).where(*waiting))).scalar_one()
        rows = (await connection.execute(query)).all()
    return int(count), [OpenFlag(*tuple(row)) for row in rows]


@dataclass(frozen=True, slots=True)
class LoggedCase:
    """A case as the dashboard's case log shows it: names instead of mentions.

    A name is None when there is nobody (an automatic case, a purge of everyone's messages)
    or when the member has been forgotten; `automatic` tells the two apart for the moderator.
    """

    id: int
    kind: str
    member_name: str | None
    moderator_name: str | None
    stored_reason: str | None
    duration_seconds: int | None
    created_at: datetime
    automatic: bool

    @property
    def reason(self) -> str | None:
        """Return the reason in the current language (a moderator's as typed)."""
        return reasons.render(self.stored_reason)


async def logged_cases(
    database: Database, community_id: int, *, limit: int = 25, offset: int = 0
) -> tuple[int, list[LoggedCase]]:
    """Return how many cases the community has and a page of them, newest first."""
    member, moderator = aliased(Member), aliased(Member)
    query = (
        select(
            ModCase.id,
            ModCase.kind,
            member.display_name.label("member_name"),
            moderator.display_name.label("moderator_name"),
            ModCase.reason.label("stored_reason"),
            ModCase.duration_seconds,
            ModCase.created_at,
            ModCase.automatic,
        )
        .outerjoin(member, member.id == ModCase.member_id)
        .outerjoin(moderator, moderator.id == ModCase.moderator_id)
        .where(ModCase.community_id == community_id)
        .order_by(ModCase.id.desc())
        .limit(limit)
        .offset(offset)
    )
    counted = select(func.count(ModCase.id)).where(ModCase.community_id == community_id)
    async with database.reading() as connection:
        count = (await connection.execute(counted)).scalar_one()
        rows = (await connection.execute(query)).all()
    return int(count), [LoggedCase(**row._mapping) for row in rows]


@dataclass(frozen=True, slots=True)
class HandledFlag:
    """How a flag was handled: the choice (`warn`), by whom (their member id and name)."""

    id: int
    outcome: str | None
    handled_by: int | None
    handler_name: str | None


async def handled_flag(database: Database, community_id: int, flag_id: int) -> HandledFlag | None:
    """Return how a flag of the community was handled; None if it is not (or not theirs)."""
    handler = aliased(Member)
    query = (
        select(
            ModFlag.id,
            ModFlag.outcome,
            ModFlag.handled_by,
            handler.display_name.label("handler_name"),
        )
        .outerjoin(handler, handler.id == ModFlag.handled_by)
        .where(
            ModFlag.id == flag_id,
            ModFlag.community_id == community_id,
            ModFlag.handled_at.is_not(None),
        )
    )
    async with database.reading() as connection:
        row = (await connection.execute(query)).one_or_none()
    return None if row is None else HandledFlag(**row._mapping)
