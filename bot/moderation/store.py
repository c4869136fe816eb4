"""The queries of moderation: flags and their cards, reporters, cases, and members' rows.

The services own the transactions; each function runs in the session it is given. Case kinds
and who a case is about come in as values (`CaseKind.value`, `Subject.cases()`), so this
module depends on no other part of moderation.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Row, Select, and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import aliased

from bot.refs import MessageRef
from bot.storage.database import insert_for
from bot.storage.id_lists import among
from bot.storage.models import (
    Community,
    Member,
    ModCase,
    ModerationKey,
    ModFlag,
    ModFlagReporter,
)

CaseRow = Row[ModCase, str, str]
"""A case with the platform ids of its member and its moderator."""

_MemberAlias = aliased(Member)
_ModeratorAlias = aliased(Member)


# Flags and their cards


async def insert_flag(session: AsyncSession, flag: ModFlag) -> int:
    """Add a flag inside the caller's transaction; return its id."""
    session.add(flag)
    await session.flush()
    return flag.id


async def delete_flag(session: AsyncSession, flag_id: int) -> None:
    """Delete a flag (its card could not be posted)."""
    await session.execute(delete(ModFlag).where(ModFlag.id == flag_id))


async def set_card(session: AsyncSession, flag_id: int, posted: MessageRef) -> None:
    """Remember where a flag's card was posted."""
    await session.execute(
        update(ModFlag)
        .where(ModFlag.id == flag_id)
        .values(card_channel_external_id=posted.channel_id, card_message_external_id=posted.id)
    )


async def get_flag(session: AsyncSession, flag_id: int) -> ModFlag | None:
    """Return a flag, if it still exists."""
    return await session.get(ModFlag, flag_id)


async def claim_flag(
    session: AsyncSession, flag_id: int, member_id: int, choice: str, now: datetime
) -> bool:
    """Mark an unhandled flag handled by the member; return whether this call did."""
    statement = (
        update(ModFlag)
        .where(ModFlag.id == flag_id, ModFlag.handled_at.is_(None))
        .values(handled_at=now, handled_by=member_id, outcome=choice)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def release_flag(session: AsyncSession, flag_id: int, member_id: int) -> None:
    """Undo the member's claim of a flag (their action failed)."""
    statement = (
        update(ModFlag)
        .where(ModFlag.id == flag_id, ModFlag.handled_by == member_id)
        .values(handled_at=None, handled_by=None, outcome=None)
    )
    await session.execute(statement)


async def waiting_flags(
    session: AsyncSession, communities: Collection[int], opened_before: datetime
) -> list[Row[int, int]]:
    """Return the id and community of each unhandled card of these communities, opened by
    `opened_before` and not re-announced yet, oldest first."""
    connection = await session.connection()
    query = (
        select(ModFlag.id, ModFlag.community_id)
        .where(
            *among(connection, ModFlag.community_id, communities),
            *_awaiting_reannouncement(),
            ModFlag.created_at <= opened_before,
        )
        .order_by(ModFlag.id)
    )
    return list(await session.execute(query))


async def oldest_waiting_flag(
    connection: AsyncConnection, communities: Collection[int]
) -> datetime | None:
    """Return when the oldest card of these communities awaiting its re-announcement was
    opened."""
    query = select(func.min(ModFlag.created_at)).where(
        *among(connection, ModFlag.community_id, communities), *_awaiting_reannouncement()
    )
    created: datetime | None = (await connection.execute(query)).scalar_one()
    return created


def _awaiting_reannouncement() -> tuple[ColumnElement[bool], ...]:
    """A card announced, unhandled, not re-announced."""
    return (
        ModFlag.handled_at.is_(None),
        ModFlag.reannounced_at.is_(None),
        ModFlag.card_message_external_id.is_not(None),
    )


async def claim_reannouncement(session: AsyncSession, flag_id: int, due: datetime) -> bool:
    """Mark an unhandled card re-announced; return whether this call did."""
    statement = (
        update(ModFlag)
        .where(
            ModFlag.id == flag_id,
            ModFlag.handled_at.is_(None),
            ModFlag.reannounced_at.is_(None),
        )
        .values(reannounced_at=due)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


# Reporters


async def flag_for_report(
    session: AsyncSession, community_id: int, key: str
) -> Row[int, datetime | None] | None:
    """Return the id and handling time of the card with this report key, if any."""
    query = select(ModFlag.id, ModFlag.handled_at).where(
        ModFlag.community_id == community_id, ModFlag.report_key == key
    )
    return (await session.execute(query)).one_or_none()


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


async def reporters(session: AsyncSession, flag_id: int) -> tuple[int, list[str | None]]:
    """Return how many members reported a card's message, and the reasons given, oldest first."""
    count = await session.scalar(select(func.count()).where(ModFlagReporter.flag_id == flag_id))
    reasons = await session.scalars(
        select(ModFlagReporter.reason)
        .where(ModFlagReporter.flag_id == flag_id, ModFlagReporter.reason.is_not(None))
        .order_by(ModFlagReporter.reported_at, ModFlagReporter.member_id)
    )
    return int(count or 0), list(reasons)


# Cases


async def insert_case(session: AsyncSession, case: ModCase) -> int:
    """Add a case inside the caller's transaction; return its id."""
    session.add(case)
    await session.flush()
    return case.id


async def case(session: AsyncSession, community_id: int, case_id: int) -> CaseRow | None:
    """Return one case of the community."""
    query = _cases().where(ModCase.id == case_id, ModCase.community_id == community_id)
    return (await session.execute(query)).one_or_none()


async def recent_cases(
    session: AsyncSession, community_id: int, member_id: int | None, limit: int
) -> list[CaseRow]:
    """Return the newest cases of the community, or of one member, newest first."""
    query = _cases().where(ModCase.community_id == community_id)
    if member_id is not None:
        query = query.where(ModCase.member_id == member_id)
    query = query.order_by(ModCase.id.desc()).limit(limit)
    return list(await session.execute(query))


async def member_cases(session: AsyncSession, member_id: int, hidden_kind: str) -> list[CaseRow]:
    """Return every case about a member but those of `hidden_kind`, newest first."""
    query = (
        _cases()
        .where(ModCase.member_id == member_id, ModCase.kind != hidden_kind)
        .order_by(ModCase.id.desc())
    )
    return list(await session.execute(query))


async def count_unexpired(
    session: AsyncSession, about: ColumnElement[bool], kind: str, at: datetime
) -> int:
    """Return how many cases of `kind` meeting `about` have not expired at `at`."""
    query = select(func.count(ModCase.id)).where(
        about, ModCase.kind == kind, ModCase.expires_at > at
    )
    return int((await session.execute(query)).scalar_one())


async def newest_case(
    session: AsyncSession, about: ColumnElement[bool], kinds: Sequence[str]
) -> CaseRow | None:
    """Return the newest case of these kinds meeting `about`."""
    query = _cases().where(about, ModCase.kind.in_(kinds)).order_by(ModCase.id.desc()).limit(1)
    return (await session.execute(query)).one_or_none()


async def acknowledge(session: AsyncSession, case_id: int, member_id: int, at: datetime) -> bool:
    """Record that the member acknowledged their case; return whether this call did."""
    statement = (
        update(ModCase)
        .where(
            ModCase.id == case_id,
            ModCase.member_id == member_id,
            ModCase.acknowledged_at.is_(None),
        )
        .values(acknowledged_at=at)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def unhash(session: AsyncSession, about: ColumnElement[bool], kind: str) -> None:
    """Drop the subject hash from the cases of `kind` meeting `about` (they no longer count)."""
    await session.execute(
        update(ModCase).where(about, ModCase.kind == kind).values(subject_hash=None)
    )


async def unhash_spent(session: AsyncSession, kinds: Sequence[str], now: datetime) -> int:
    """Drop the subject hash from cases of `kinds` expired by `now`; return how many lost it."""
    statement = (
        update(ModCase)
        .where(
            ModCase.subject_hash.is_not(None),
            ModCase.kind.in_(kinds),
            or_(ModCase.expires_at.is_(None), ModCase.expires_at <= now),
        )
        .values(subject_hash=None)
    )
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


async def hashed_expiries(
    connection: AsyncConnection, kinds: Sequence[str]
) -> tuple[int, datetime | None]:
    """Return how many hashed cases of `kinds` never expire, and the earliest expiry of the rest."""
    query = select(
        func.count() - func.count(ModCase.expires_at), func.min(ModCase.expires_at)
    ).where(ModCase.subject_hash.is_not(None), ModCase.kind.in_(kinds))
    never_expiring, earliest = (await connection.execute(query)).one()
    return int(never_expiring), earliest


async def moderation_secret(session: AsyncSession, name: str) -> str | None:
    """Return the moderation secret called `name`, if the migrations stored it."""
    return await session.scalar(select(ModerationKey.secret).where(ModerationKey.name == name))


def _cases() -> Select[ModCase, str, str]:
    return (
        select(ModCase, _MemberAlias.external_id, _ModeratorAlias.external_id)
        .outerjoin(_MemberAlias, and_(_MemberAlias.id == ModCase.member_id))
        .outerjoin(_ModeratorAlias, and_(_ModeratorAlias.id == ModCase.moderator_id))
    )


# Members and communities


async def community(session: AsyncSession, community_id: int) -> Community:
    """Return a community's row."""
    return await session.get_one(Community, community_id)


async def member_level(
    session: AsyncSession, community_id: int, external_id: str
) -> Row[int, int | None] | None:
    """Return a member's id and level override, by platform id."""
    query = select(Member.id, Member.level_override).where(
        Member.community_id == community_id, Member.external_id == external_id
    )
    return (await session.execute(query)).one_or_none()


async def member_language(
    session: AsyncSession, community_id: int, external_id: str
) -> tuple[str | None, str | None]:
    """Return a member's own language and their last interaction's locale (None, None: unknown)."""
    query = select(Member.language, Member.locale).where(
        Member.community_id == community_id, Member.external_id == external_id
    )
    row = (await session.execute(query)).one_or_none()
    return (None, None) if row is None else (row[0], row[1])


async def member_id(session: AsyncSession, community_id: int, external_id: str) -> int | None:
    """Return a member's id, by platform id."""
    query = select(Member.id).where(
        Member.community_id == community_id, Member.external_id == external_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def member_place(session: AsyncSession, member_id: int) -> Row[int, str]:
    """Return a member's community id and platform id."""
    query = select(Member.community_id, Member.external_id).where(Member.id == member_id)
    return (await session.execute(query)).one()


async def external_id(session: AsyncSession, member_id: int | None) -> str | None:
    """Return a member's platform id (None for nobody)."""
    if member_id is None:
        return None
    query = select(Member.external_id).where(Member.id == member_id)
    result = await session.execute(query)
    value: str | None = result.scalar_one_or_none()
    return value
