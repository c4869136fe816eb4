"""The announcements' queries: rows, reads (one per member), audiences and the week's list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, Select, and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.storage.database import insert_for
from bot.storage.id_lists import Ids, among
from bot.storage.models import Announcement, AnnouncementRead, Member, Participation


async def insert(session: AsyncSession, row: Announcement) -> int:
    """Store an announcement; return its id."""
    session.add(row)
    await session.flush()
    return row.id


async def set_message(session: AsyncSession, announcement_id: int, message_id: str) -> None:
    """Record the post an announcement became."""
    await session.execute(
        update(Announcement)
        .where(Announcement.id == announcement_id)
        .values(message_external_id=message_id)
    )


async def delete(session: AsyncSession, announcement_id: int) -> None:
    """Remove an announcement that could not be posted."""
    row = await session.get(Announcement, announcement_id)
    if row is not None:
        await session.delete(row)


async def get(connection: AsyncConnection, announcement_id: int) -> Row | None:
    """Return a posted announcement's row, or None."""
    query = select(Announcement).where(
        Announcement.id == announcement_id, Announcement.message_external_id.is_not(None)
    )
    return (await connection.execute(query)).one_or_none()


async def get_for_press(
    connection: AsyncConnection, announcement_id: int, community_id: int, member_id: int
) -> Row | None:
    """Return a posted announcement's row with `present`: whether the member pressing its
    button is in the whole community's audience (one query: a press is a hot path)."""
    present = community_audience(community_id).where(Member.id == member_id).exists()
    query = select(Announcement, present.label("present")).where(
        Announcement.id == announcement_id, Announcement.message_external_id.is_not(None)
    )
    return (await connection.execute(query)).one_or_none()


async def latest(
    connection: AsyncConnection, community_id: int, cohort_id: int | None
) -> Row | None:
    """Return the newest posted announcement of a scope (a cohort, or the whole community)."""
    scope = (
        Announcement.cohort_id.is_(None)
        if cohort_id is None
        else Announcement.cohort_id == cohort_id
    )
    query = (
        select(Announcement)
        .where(
            Announcement.community_id == community_id,
            scope,
            Announcement.message_external_id.is_not(None),
        )
        .order_by(Announcement.id.desc())
        .limit(1)
    )
    return (await connection.execute(query)).one_or_none()


async def add_read(
    connection: AsyncConnection, announcement_id: int, member_id: int, at: datetime
) -> bool:
    """Count a member's "Got it"; return whether it is their first (a second press is none)."""
    statement = (
        insert_for(connection)(AnnouncementRead)
        .values(announcement_id=announcement_id, member_id=member_id, read_at=at)
        .on_conflict_do_nothing()
        .returning(AnnouncementRead.member_id)
    )
    return (await connection.execute(statement)).first() is not None


def community_audience(community_id: int) -> Select[int]:
    """The members an announcement to the whole community is for: present, not bots."""
    return (
        select(Member.id)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(
            Member.community_id == community_id,
            Member.left_at.is_(None),
            func.coalesce(Participation.is_bot, False).is_(False),
        )
    )


async def read_counts(
    connection: AsyncConnection,
    announcement_id: int,
    audience: Ids | None,
    community_id: int,
    author_id: int | None,
) -> tuple[int, int]:
    """Return how many of the audience pressed "Got it", and how many are in it."""
    members = _audience(connection, audience, community_id, author_id).subquery()
    (member,) = members.c
    query = select(func.count(AnnouncementRead.member_id), func.count(member)).select_from(
        members.outerjoin(
            AnnouncementRead,
            and_(
                AnnouncementRead.member_id == member,
                AnnouncementRead.announcement_id == announcement_id,
            ),
        )
    )
    pressed, total = (await connection.execute(query)).one()
    return int(pressed), int(total)


async def not_read(
    connection: AsyncConnection,
    announcement_id: int,
    audience: Ids | None,
    community_id: int,
    author_id: int | None,
    limit: int,
) -> Sequence[str]:
    """Return the platform ids of audience members who have not pressed, by name, up to `limit`."""
    members = _audience(connection, audience, community_id, author_id).subquery()
    (member,) = members.c
    pressed = select(AnnouncementRead.member_id).where(
        AnnouncementRead.announcement_id == announcement_id
    )
    query = (
        select(Member.external_id)
        .join(members, member == Member.id)
        .where(Member.id.not_in(pressed))
        .order_by(Member.display_name, Member.id)
        .limit(limit)
    )
    return list((await connection.execute(query)).scalars())


def _audience(
    connection: AsyncConnection, audience: Ids | None, community_id: int, author_id: int | None
) -> Select[int]:
    """Return the audience's member ids as a query: a cohort's ids, or the whole community,
    without the author."""
    query = community_audience(community_id)
    if author_id is not None:
        query = query.where(Member.id != author_id)
    if audience is not None:
        query = query.where(*among(connection, Member.id, audience))
    return query


async def posted_between(
    connection: AsyncConnection,
    community_id: int,
    cohort_id: int | None,
    since: datetime,
    until: datetime,
) -> Sequence[Row]:
    """Return a scope's announcements posted in [since, until) with their reads, oldest first."""
    scope = (
        Announcement.cohort_id.is_(None)
        if cohort_id is None
        else Announcement.cohort_id == cohort_id
    )
    reads = (
        select(func.count())
        .where(AnnouncementRead.announcement_id == Announcement.id)
        .scalar_subquery()
    )
    query = (
        select(Announcement.id, Announcement.text, reads.label("reads"))
        .where(
            Announcement.community_id == community_id,
            scope,
            Announcement.message_external_id.is_not(None),
            Announcement.posted_at >= since,
            Announcement.posted_at < until,
        )
        .order_by(Announcement.id)
    )
    return list(await connection.execute(query))
