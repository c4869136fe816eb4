"""The queries of intros and welcomes: intros, who has not introduced themselves, reminders
and the welcome claims. The services own the transactions; each function runs in the one it
is given."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Row, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.expression import ColumnElement, Exists

from bot.storage.database import insert_for
from bot.storage.id_lists import Ids, among, led_by, only_among
from bot.storage.models import Break, Community, Intro, Member, Newcomer

REMINDERS_PER_SWEEP = 500

IntroRow = Row[str, str | None, str | None, str | None, str | None, str | None, str]
"""text, about, learning, goals, the post's channel and message, the community's platform."""
PendingRow = Row[int, str, str, datetime | None]
"""id, external id, display name, joined at."""


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A newcomer whose reminder is due: who, and how to reach them."""

    member_id: int
    community_id: int
    external_id: str
    display_name: str


async def intro_row(connection: AsyncConnection, member_id: int) -> IntroRow | None:
    """Return the member's intro with its post's place and the community's platform."""
    query = select(
        Intro.text,
        Intro.about,
        Intro.learning,
        Intro.goals,
        Intro.channel_external_id,
        Intro.message_external_id,
        Community.platform,
    )
    query = (
        query.join(Member, Member.id == Intro.member_id)
        .join(Community, Community.id == Member.community_id)
        .where(Intro.member_id == member_id)
    )
    return (await connection.execute(query)).one_or_none()


async def intro_texts(connection: AsyncConnection, member_ids: Sequence[int]) -> dict[int, str]:
    """Return the intro text of each of these members that has one (one query)."""
    query = select(Intro.member_id, Intro.text).where(Intro.member_id.in_(member_ids))
    return {row.member_id: row.text for row in await connection.execute(query)}


async def save_intro(
    connection: AsyncConnection, member_id: int, now: datetime, values: Mapping[str, object]
) -> None:
    """Insert the member's intro, or replace the stored one with `values`."""
    insert = insert_for(connection)(Intro).values(member_id=member_id, created_at=now, **values)
    await connection.execute(
        insert.on_conflict_do_update(
            index_elements=[Intro.member_id],
            set_={name: insert.excluded[name] for name in values},
        )
    )


async def pending_members(
    connection: AsyncConnection,
    community_id: int,
    *,
    limit: int,
    offset: int,
    members: Ids | None = None,
) -> tuple[Sequence[PendingRow], int]:
    """Return present members (of `members`, None: all) who joined and have no intro, oldest
    first, and how many."""
    query = (
        select(Member.id, Member.external_id, Member.display_name, Member.joined_at)
        .where(*_not_introduced(led_by(Member.community_id, community_id, members)))
        .order_by(Member.joined_at, Member.id)
        .limit(limit)
        .offset(offset)
    )
    total = await count_pending_members(connection, community_id, members)
    rows = (await connection.execute(only_among(connection, query, Member.id, members))).all()
    return rows, total


async def count_pending_members(
    connection: AsyncConnection, community_id: int, members: Ids | None = None
) -> int:
    """Return how many present members (of `members`, None: all) joined and have no intro."""
    query = select(func.count()).select_from(Member)
    query = query.where(*_not_introduced(led_by(Member.community_id, community_id, members)))
    return int(
        (await connection.execute(only_among(connection, query, Member.id, members))).scalar_one()
    )


async def due_reminders(
    connection: AsyncConnection,
    communities: Collection[int],
    joined_before: datetime,
    now: datetime,
) -> list[DueReminder]:
    """Return the due reminders in these communities, oldest joiners first, leaving out
    communities on a break.

    The communities come first (usually none: one query), so a long break in one community
    never fills the batch and holds back the others.
    """
    due_here = (
        select(Member.community_id)
        .join(Newcomer, Newcomer.member_id == Member.id)
        .where(
            *among(connection, Member.community_id, communities),
            *_reminder_due(now),
            *_waited_long_enough(joined_before),
        )
    )
    communities_query = select(Community.id, Community.timezone).where(
        Community.id.in_(due_here.distinct().scalar_subquery())
    )
    zones = {row.id: row.timezone for row in await connection.execute(communities_query)}
    if not zones:
        return []
    reachable = sorted(set(zones) - await _on_break(connection, zones, now))
    if not reachable:
        return []
    return await _due_in(connection, reachable, joined_before, now)


async def _due_in(
    connection: AsyncConnection, reachable: list[int], joined_before: datetime, now: datetime
) -> list[DueReminder]:
    query = (
        select(Newcomer.member_id, Member.community_id, Member.external_id, Member.display_name)
        .join(Member, Member.id == Newcomer.member_id)
        .where(
            Member.community_id.in_(reachable),
            *_reminder_due(now),
            *_waited_long_enough(joined_before),
        )
        .order_by(Member.joined_at, Member.id)
        .limit(REMINDERS_PER_SWEEP)
    )
    rows = (await connection.execute(query)).all()
    return [DueReminder(*row) for row in rows]


async def claim_reminders(
    connection: AsyncConnection,
    member_ids: list[int],
    joined_before: datetime,
    now: datetime,
    lease_until: datetime,
) -> set[int]:
    """Take the lease on each reminder still due; another process's live lease wins."""
    if not member_ids:
        return set()
    still_due = (
        select(Member.id)
        .where(Member.id == Newcomer.member_id, *_waited_long_enough(joined_before))
        .correlate(Newcomer)
        .exists()
    )
    statement = (
        update(Newcomer)
        .where(Newcomer.member_id.in_(member_ids), *_reminder_due(now), still_due)
        .values(reminder_lease_until=lease_until)
        .returning(Newcomer.member_id)
    )
    return {int(row.member_id) for row in await connection.execute(statement)}


async def first_unreminded_join(
    connection: AsyncConnection, communities: Collection[int]
) -> datetime | None:
    """Return the earliest join of a present newcomer of these communities not yet reminded
    (or None).

    A reminder under another process's lease counts too: it is due again when that ends.
    """
    not_reminded = (Newcomer.is_bot.is_(False), Newcomer.reminded_at.is_(None), ~_has_intro())
    present = (Member.joined_at.is_not(None), Member.left_at.is_(None))
    query = (
        select(func.min(Member.joined_at))
        .select_from(Member)
        .join(Newcomer, Newcomer.member_id == Member.id)
        .where(*among(connection, Member.community_id, communities), *present, *not_reminded)
    )
    joined: datetime | None = (await connection.execute(query)).scalar_one()
    return joined


async def mark_reminded(connection: AsyncConnection, member_ids: list[int], now: datetime) -> None:
    """Record that these members' reminders went out (their leases end)."""
    await connection.execute(
        update(Newcomer)
        .where(Newcomer.member_id.in_(member_ids))
        .values(reminded_at=now, reminder_lease_until=None)
    )


async def welcome_text(connection: AsyncConnection, community_id: int) -> str | None:
    """Return the admins' welcome text, or None for the default."""
    query = select(Community.welcome_text).where(Community.id == community_id)
    return (await connection.execute(query)).scalar_one_or_none()


async def set_welcome_text(session: AsyncSession, community_id: int, text: str | None) -> None:
    """Store the admins' welcome text (None: the default)."""
    await session.execute(
        update(Community).where(Community.id == community_id).values(welcome_text=text)
    )


async def claim_welcome(
    connection: AsyncConnection, member_id: int, at: datetime, again_after: timedelta
) -> bool:
    """Record the welcome unless one was sent within `again_after`; only one process wins."""
    insert = insert_for(connection)(Newcomer).values(
        member_id=member_id, is_bot=False, welcomed_at=at
    )
    statement = insert.on_conflict_do_update(
        index_elements=[Newcomer.member_id],
        set_={"welcomed_at": insert.excluded.welcomed_at},
        where=or_(
            Newcomer.welcomed_at.is_(None),
            Newcomer.welcomed_at <= at - again_after,
        )
        & Newcomer.is_bot.is_(False),
    ).returning(Newcomer.member_id)
    return (await connection.execute(statement)).first() is not None


async def mark_bot(connection: AsyncConnection, member_id: int) -> None:
    """Record that the member is a bot (never welcomed nor reminded)."""
    insert = insert_for(connection)(Newcomer).values(member_id=member_id, is_bot=True)
    await connection.execute(
        insert.on_conflict_do_update(index_elements=[Newcomer.member_id], set_={"is_bot": True})
    )


def _has_intro() -> Exists:
    return exists().where(Intro.member_id == Member.id)


def _not_introduced(*conditions: ColumnElement[bool]) -> list[ColumnElement[bool]]:
    """Present members who joined, are not known bots, and have no intro."""
    is_bot = exists().where(Newcomer.member_id == Member.id, Newcomer.is_bot.is_(True))
    return [
        *conditions,
        Member.joined_at.is_not(None),
        Member.left_at.is_(None),
        ~_has_intro(),
        ~is_bot,
    ]


def _reminder_due(now: datetime) -> list[ColumnElement[bool]]:
    """A newcomer (not a bot) not reminded, nor being reminded by another process right now."""
    return [
        Newcomer.is_bot.is_(False),
        Newcomer.reminded_at.is_(None),
        or_(Newcomer.reminder_lease_until.is_(None), Newcomer.reminder_lease_until < now),
    ]


def _waited_long_enough(joined_before: datetime) -> list[ColumnElement[bool]]:
    """The member has been present since `joined_before` and has not introduced themselves."""
    return [Member.joined_at <= joined_before, Member.left_at.is_(None), ~_has_intro()]


async def _on_break(connection: AsyncConnection, zones: dict[int, str], now: datetime) -> set[int]:
    """Return the communities (of `zones`, id to time zone) on a term break on their local
    date of `now`."""
    around = now.date()
    query = select(Break.community_id, Break.starts_on, Break.ends_on).where(
        Break.community_id.in_(sorted(zones)),
        Break.starts_on <= around + timedelta(days=1),
        Break.ends_on >= around - timedelta(days=1),
    )
    paused: set[int] = set()
    for row in (await connection.execute(query)).all():
        today = now.astimezone(ZoneInfo(zones[row.community_id])).date()
        if row.starts_on <= today <= row.ends_on:
            paused.add(row.community_id)
    return paused
