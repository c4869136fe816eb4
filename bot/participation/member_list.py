"""The dashboard's Members list: who is here, and how each takes part, never what they wrote.

One page of present members (not left, not bots; forgotten members have no row) sorted by when
they joined, with: introduced or intro pending, active, quiet or reading (readers are never
quiet), opted out of nudges, pairing status, and the active cohorts they are listed in. Three
queries whatever the community's size: the count, the page (its ids chosen first, so the
per-member conditions run for one page only), and the page's cohorts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, exists, false, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.store.members import quiet_since, reading
from bot.storage.database import Database
from bot.storage.id_lists import Ids, led_by, only_among
from bot.storage.models import (
    BuddyOptIn,
    Cohort,
    CohortMember,
    CohortRole,
    Intro,
    Member,
    Newcomer,
    Participation,
)

PAGE_SIZE = 50


class IntroState(StrEnum):
    """Whether a member introduced themselves."""

    INTRODUCED = "introduced"
    PENDING = "pending"
    """Joined (the bot saw it) and no intro yet: what `/intro pending` lists."""
    UNKNOWN = "unknown"
    """Known from before the bot saw joins, and no intro."""


class Activity(StrEnum):
    """How a member takes part lately."""

    ACTIVE = "active"
    QUIET = "quiet"
    READING = "reading"
    """Said they are just reading and has not posted since: never counted as quiet."""


class Pairing(StrEnum):
    """A member's place in buddy pairing."""

    OUT = "out"
    IN = "in"
    PAUSED = "paused"
    """Paused with `/buddy pause`, or after ignoring check-ins."""


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One member of the list: nothing they wrote, only how they take part."""

    id: int
    external_id: str
    display_name: str
    joined_at: datetime | None
    intro: IntroState
    activity: Activity
    nudges_off: bool
    pairing: Pairing
    cohorts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MemberPage:
    """One page of the list, and how many members it is a page of."""

    rows: list[MemberRow]
    total: int


async def member_page(
    database: Database,
    community_id: int,
    now: datetime,
    quiet_days: int,
    *,
    members: Ids | None = None,
    newest_first: bool = True,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> MemberPage:
    """Return page `page` (from 1) of the present members (of `members`, None: all), sorted
    by when they joined (members Cohort saw join before the others)."""
    offset = max(page - 1, 0) * page_size
    async with database.reading() as connection:
        total = await _count(connection, community_id, members)
        ids = await _page_ids(connection, community_id, members, newest_first, page_size, offset)
        rows = await _details(connection, ids, now - timedelta(days=quiet_days), now)
        cohorts = await _cohorts(connection, ids)
    ordered = [rows[member_id] for member_id in ids if member_id in rows]
    return MemberPage([replace(row, cohorts=cohorts.get(row.id, ())) for row in ordered], total)


def _present(community_id: int, members: Ids | None) -> list[ColumnElement[bool]]:
    not_bot = ~exists().where(
        Newcomer.member_id == Member.id, Newcomer.is_bot.is_(True)
    ) & ~exists().where(Participation.member_id == Member.id, Participation.is_bot.is_(True))
    return [led_by(Member.community_id, community_id, members), Member.left_at.is_(None), not_bot]


async def _count(connection: AsyncConnection, community_id: int, members: Ids | None) -> int:
    query = select(func.count()).select_from(Member).where(*_present(community_id, members))
    query = only_among(connection, query, Member.id, members)
    return int((await connection.execute(query)).scalar_one())


async def _page_ids(
    connection: AsyncConnection,
    community_id: int,
    members: Ids | None,
    newest_first: bool,
    limit: int,
    offset: int,
) -> list[int]:
    unknown_last = Member.joined_at.is_(None)
    joined = Member.joined_at.desc() if newest_first else Member.joined_at.asc()
    member_id = Member.id.desc() if newest_first else Member.id.asc()
    query = (
        select(Member.id)
        .where(*_present(community_id, members))
        .order_by(unknown_last, joined, member_id)
        .limit(limit)
        .offset(offset)
    )
    query = only_among(connection, query, Member.id, members)
    return list((await connection.execute(query)).scalars())


async def _details(
    connection: AsyncConnection, ids: Sequence[int], cutoff: datetime, now: datetime
) -> dict[int, MemberRow]:
    if not ids:
        return {}
    is_reader = reading()
    introduced = exists().where(Intro.member_id == Member.id)
    paused = and_(
        BuddyOptIn.id.is_not(None),
        (BuddyOptIn.auto_paused_at.is_not(None)) | (BuddyOptIn.paused_until > now),
    )
    query = (
        select(
            Member.id,
            Member.external_id,
            Member.display_name,
            Member.joined_at,
            introduced,
            case((is_reader, Activity.READING.value), else_=None),
            quiet_since(cutoff),
            func.coalesce(Participation.nudges_off, false()),
            case(
                (paused, Pairing.PAUSED.value),
                (BuddyOptIn.id.is_not(None), Pairing.IN.value),
                else_=Pairing.OUT.value,
            ),
        )
        .outerjoin(Participation, Participation.member_id == Member.id)
        .outerjoin(BuddyOptIn, BuddyOptIn.member_id == Member.id)
        .where(Member.id.in_(list(ids)))
    )
    found: dict[int, MemberRow] = {}
    for row in await connection.execute(query):
        intro = (
            IntroState.INTRODUCED
            if row[4]
            else IntroState.PENDING
            if row[3] is not None
            else IntroState.UNKNOWN
        )
        activity = Activity.READING if row[5] else Activity.QUIET if row[6] else Activity.ACTIVE
        found[row[0]] = MemberRow(
            row[0], row[1], row[2], row[3], intro, activity, bool(row[7]), Pairing(row[8]), ()
        )
    return found


async def _cohorts(
    connection: AsyncConnection, ids: Sequence[int]
) -> Mapping[int, tuple[str, ...]]:
    """Return the active cohorts each member is listed in (or in the followed channel of)."""
    if not ids:
        return {}
    query = (
        select(CohortMember.member_id, Cohort.name)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(CohortMember.member_id.in_(list(ids)), Cohort.archived_at.is_(None))
        .order_by(Cohort.name_key)
    )
    names: dict[int, list[str]] = {}
    for member_id, name in await connection.execute(query):
        names.setdefault(member_id, []).append(name)
    return {member_id: tuple(found) for member_id, found in names.items()}


async def cohorts_with_roles(database: Database, community_id: int) -> frozenset[int]:
    """Return the ids of the community's active cohorts that include a role's holders (whose
    members only the platform knows: the page asks it, one look-up per role)."""
    query = select(Cohort.id).where(
        Cohort.community_id == community_id,
        Cohort.archived_at.is_(None),
        exists().where(CohortRole.cohort_id == Cohort.id),
    )
    async with database.reading() as connection:
        return frozenset((await connection.execute(query)).scalars())
