"""The queries of cohorts: the registry, listed members, roles and channel members.

The service owns the transactions; each function runs in the session or connection it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Row, Select, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.storage.database import insert_for
from bot.storage.models import Cohort, CohortMember, CohortRole, Community, Member

CohortRow = Row[int, int, str, str, date | None, int | None, bool, datetime | None]
"""id, community id, name, home channel, term start, term weeks, followed, archived at."""

COLUMNS = (
    Cohort.id,
    Cohort.community_id,
    Cohort.name,
    Cohort.home_channel_external_id,
    Cohort.term_start,
    Cohort.term_weeks,
    Cohort.followed,
    Cohort.archived_at,
)


async def lock_community(session: AsyncSession, community_id: int) -> None:
    """Write to the community's row, so that its lock makes concurrent writers take turns."""
    await session.execute(
        update(Community).where(Community.id == community_id).values(timezone=Community.timezone)
    )


async def by_name(
    bound: AsyncSession | AsyncConnection, community_id: int, name: str
) -> CohortRow | None:
    """Return the cohort of this name, regardless of case, archived or not."""
    query = select(*COLUMNS).where(
        Cohort.community_id == community_id, Cohort.name_key == name.lower()
    )
    return (await bound.execute(query)).one_or_none()


async def by_id(bound: AsyncSession | AsyncConnection, cohort_id: int) -> CohortRow | None:
    """Return the cohort with this id, archived or not."""
    return (await bound.execute(select(*COLUMNS).where(Cohort.id == cohort_id))).one_or_none()


def member_query(cohort_id: int) -> Select[int]:
    """Return the query of the member ids listed in the cohort or in its followed channel.

    Of the table's columns, not the mapped class's: several statements share this query (a
    cohort's `/stats`), and compiling one of them would change the others' cache keys if it
    were an ORM select, so each order of compiling them would compile them anew (`IdQuery`).
    """
    rows = CohortMember.__table__.c
    return select(rows.member_id).where(rows.cohort_id == cohort_id)


async def member_ids(connection: AsyncConnection, cohort_id: int) -> Sequence[int]:
    """Return the member ids listed in the cohort or in its followed channel."""
    return list((await connection.execute(member_query(cohort_id))).scalars().all())


async def has_roles(connection: AsyncConnection, cohort_id: int) -> bool:
    """Return whether the cohort includes the holders of any role."""
    query = select(CohortRole.role_external_id).where(CohortRole.cohort_id == cohort_id).limit(1)
    return (await connection.execute(query)).first() is not None


async def ids_of_users(
    connection: AsyncConnection, community_id: int, user_ids: Sequence[str]
) -> Sequence[int]:
    """Return the member ids of these platform users (those Cohort has a row for)."""
    found: list[int] = []
    for start in range(0, len(user_ids), 500):  # under every driver's parameter limit
        query = select(Member.id).where(
            Member.community_id == community_id,
            Member.external_id.in_(user_ids[start : start + 500]),
        )
        found.extend((await connection.execute(query)).scalars())
    return found


async def active_at_home(
    bound: AsyncSession | AsyncConnection, community_id: int, channel_id: str
) -> CohortRow | None:
    """Return the active cohort whose home is this channel."""
    query = select(*COLUMNS).where(
        Cohort.community_id == community_id,
        Cohort.home_channel_external_id == channel_id,
        Cohort.archived_at.is_(None),
    )
    return (await bound.execute(query)).first()


async def latest_at_home(
    connection: AsyncConnection, community_id: int, channel_id: str
) -> CohortRow | None:
    """Return the cohort at home in this channel: the active one, else the last archived."""
    query = (
        select(*COLUMNS)
        .where(
            Cohort.community_id == community_id,
            Cohort.home_channel_external_id == channel_id,
        )
        .order_by(Cohort.archived_at.is_not(None), Cohort.archived_at.desc())
    )
    return (await connection.execute(query)).first()


async def all_cohorts(connection: AsyncConnection, community_id: int) -> Sequence[CohortRow]:
    """Return the community's cohorts, active first, then by name."""
    query = (
        select(*COLUMNS)
        .where(Cohort.community_id == community_id)
        .order_by(Cohort.archived_at.is_not(None), Cohort.name_key)
    )
    return (await connection.execute(query)).all()


async def cohorts_of(
    connection: AsyncConnection, community_id: int, member_id: int, role_ids: Sequence[str]
) -> Sequence[CohortRow]:
    """Return the active cohorts a member belongs to: listed, in the channel, or by a role."""
    by_member = select(CohortMember.cohort_id).where(CohortMember.member_id == member_id)
    by_role = select(CohortRole.cohort_id).where(CohortRole.role_external_id.in_(role_ids))
    query = (
        select(*COLUMNS)
        .where(
            Cohort.community_id == community_id,
            Cohort.archived_at.is_(None),
            or_(Cohort.id.in_(by_member), Cohort.id.in_(by_role)),
        )
        .order_by(Cohort.name_key)
    )
    return (await connection.execute(query)).all()


def add_cohort(
    session: AsyncSession, community_id: int, name: str, channel_id: str, now: datetime
) -> Cohort:
    """Add a cohort to the session; return it."""
    cohort = Cohort(
        community_id=community_id,
        name=name,
        name_key=name.lower(),
        home_channel_external_id=channel_id,
        created_at=now,
    )
    session.add(cohort)
    return cohort


async def set_membership(
    session: AsyncSession,
    cohort_id: int,
    member_id: int,
    *,
    listed: bool | None = None,
    in_channel: bool | None = None,
) -> bool:
    """Set how a member belongs (listed, in the channel); return whether anything changed.

    A row that no longer says either is deleted.
    """
    changes = {
        name: value
        for name, value in (("listed", listed), ("in_channel", in_channel))
        if value is not None
    }
    row = await session.get(CohortMember, (cohort_id, member_id), with_for_update=True)
    if row is None:
        if not any(changes.values()):
            return False
        statement = insert_for(session)(CohortMember).values(
            cohort_id=cohort_id, member_id=member_id, **changes
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=[CohortMember.cohort_id, CohortMember.member_id], set_=changes
            )
        )
        return True
    if all(getattr(row, name) == value for name, value in changes.items()):
        return False
    for name, value in changes.items():
        setattr(row, name, value)
    if not (row.listed or row.in_channel):
        await session.delete(row)
    return True


async def add_role(session: AsyncSession, cohort_id: int, role_id: str) -> bool:
    """Add a role to the cohort; return False if it was there already."""
    statement = insert_for(session)(CohortRole).values(
        cohort_id=cohort_id, role_external_id=role_id
    )
    added = await session.execute(statement.on_conflict_do_nothing())
    return bool(getattr(added, "rowcount", 0))


async def remove_role(session: AsyncSession, cohort_id: int, role_id: str) -> bool:
    """Remove a role from the cohort; return False if it was not there."""
    removed = await session.execute(
        delete(CohortRole).where(
            CohortRole.cohort_id == cohort_id, CohortRole.role_external_id == role_id
        )
    )
    return bool(getattr(removed, "rowcount", 0))


async def roster(
    connection: AsyncConnection, cohort_id: int
) -> tuple[list[str], list[str], list[str]]:
    """Return the listed members, the channel's members (external ids) and the role ids."""
    members = await connection.execute(
        select(Member.external_id, CohortMember.listed, CohortMember.in_channel)
        .join(Member, Member.id == CohortMember.member_id)
        .where(CohortMember.cohort_id == cohort_id)
        .order_by(Member.external_id)
    )
    rows = members.all()
    roles = await connection.execute(
        select(CohortRole.role_external_id)
        .where(CohortRole.cohort_id == cohort_id)
        .order_by(CohortRole.role_external_id)
    )
    listed = [row.external_id for row in rows if row.listed]
    in_channel = [row.external_id for row in rows if row.in_channel]
    return listed, in_channel, list(roles.scalars())


async def followed_at_home(
    session: AsyncSession, community_id: int, channel_id: str
) -> Sequence[int]:
    """Return the ids of the active, followed cohorts whose home is this channel."""
    query = select(Cohort.id).where(
        and_(
            Cohort.community_id == community_id,
            Cohort.home_channel_external_id == channel_id,
            Cohort.followed.is_(True),
            Cohort.archived_at.is_(None),
        )
    )
    return list((await session.execute(query)).scalars())
