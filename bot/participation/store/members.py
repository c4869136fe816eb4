"""The participation row of a member, and who is quiet and who of them may be nudged."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, case, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from bot.storage.database import insert_for
from bot.storage.id_lists import Ids, among, led_by
from bot.storage.models import Community, Member, Participation

MEMBER_COLUMNS = (
    Member.id,
    Member.external_id,
    Member.display_name,
    Member.timezone,
    Member.last_active_at,
    func.coalesce(Participation.nudges_off, false()),
    Participation.last_nudged_at,
)
"""What a quiet member's row carries, in `QuietMember`'s order."""
QuietRow = Row[int, str, str, str | None, datetime | None, bool, datetime | None]
"""A row of `MEMBER_COLUMNS`."""
AnyRow = Row[*tuple[Any, ...]]


async def upsert(
    connection: AsyncConnection, community_id: int, member_id: int, **values: object
) -> None:
    """Create the member's participation row with `values`, or set them on the existing one."""
    insert = insert_for(connection)(Participation).values(
        member_id=member_id, community_id=community_id, **values
    )
    await connection.execute(
        insert.on_conflict_do_update(index_elements=["member_id"], set_=values)
    )


def present(community_id: int, members: Ids | None = None) -> tuple[ColumnElement[bool], ...]:
    """Return the condition "a member of the community who has not left and is not a bot";
    given `members` (tested by the caller), their rows lead the plan (`led_by`)."""
    return (
        led_by(Member.community_id, community_id, members),
        Member.left_at.is_(None),
        func.coalesce(Participation.is_bot, false()).is_(false()),
    )


def quiet_since(cutoff: datetime) -> ColumnElement[bool]:
    """Return the condition "no message nor reaction since `cutoff`, and around since before
    it" (a member who only reacts is not quiet)."""
    return and_(
        or_(
            and_(
                Member.last_active_at <= cutoff,
                or_(Member.joined_at.is_(None), Member.joined_at <= cutoff),
            ),
            and_(Member.last_active_at.is_(None), Member.joined_at <= cutoff),
        ),
        or_(Member.last_reacted_at.is_(None), Member.last_reacted_at <= cutoff),
    )


def reading() -> ColumnElement[bool]:
    """Return the condition "said they are just reading, and has not posted since" (on
    `participation`, correlated to `member`, like `nudgeable`)."""
    since = Participation.reading_since
    spell = aliased(Member)
    posted_since = (
        select(spell.id)
        .where(spell.id == Participation.member_id, spell.last_active_at > since)
        .exists()
    )
    return and_(since.is_not(None), ~posted_since)


def nudgeable(now: datetime, cooldown: timedelta) -> ColumnElement[bool]:
    """Return the condition "may be nudged now" (on `participation`, correlated to `member`).

    Not opted out, not reading (until they post again), not snoozed; and either not nudged in
    this quiet spell (one kind check-in: nudged before their last post, if at all) nor within
    the cooldown, or a snooze just ended
    ("Snooze 2 weeks" means: ask me again in two weeks, even within the cooldown).
    """
    snoozed, nudged = Participation.snoozed_until, Participation.last_nudged_at
    snooze_ended = and_(snoozed <= now, or_(nudged.is_(None), nudged < snoozed))
    # An alias, so that the condition reads the member's row both where `member` is joined (the
    # sweep's candidates) and in the claim's UPDATE of `participation` alone.
    spell = aliased(Member)
    posted_since = (
        select(spell.id)
        .where(spell.id == Participation.member_id, spell.last_active_at > nudged)
        .exists()
    )
    new_spell = or_(nudged.is_(None), and_(nudged <= now - cooldown, posted_since))
    return and_(
        func.coalesce(Participation.nudges_off, false()).is_(false()),
        ~reading(),
        or_(snoozed.is_(None), snoozed <= now),
        or_(new_spell, snooze_ended),
    )


async def count_quiet(
    connection: AsyncConnection,
    community_id: int,
    cutoff: datetime,
    members: Collection[int] | None = None,
) -> tuple[int, int]:
    """Return how many present members (of `members`, None: all) have been quiet since
    `cutoff`, readers apart: (quiet, reading) in one read. Readers are counted whenever they
    said so, however recently: they are readers, not quiet members."""
    is_reader = reading()  # false without a participation row: `reading_since` is NULL
    query = (
        select(
            func.coalesce(func.sum(case((and_(quiet_since(cutoff), ~is_reader), 1), else_=0)), 0),
            func.coalesce(func.sum(case((is_reader, 1), else_=0)), 0),
        )
        .select_from(Member)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(*present(community_id))
        .where(*among(connection, Member.id, members))
    )
    quiet, readers = (await connection.execute(query)).one()
    return int(quiet), int(readers)


async def quiet_members(
    connection: AsyncConnection,
    community_id: int,
    cutoff: datetime,
    limit: int | None,
    members: Collection[int] | None = None,
) -> Sequence[QuietRow]:
    """Return present members (of `members`, None: all) quiet since `cutoff`, readers apart
    (`MEMBER_COLUMNS`), longest quiet first."""
    query = (
        select(*MEMBER_COLUMNS)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(*present(community_id), quiet_since(cutoff), ~reading())
        .where(*among(connection, Member.id, members))
        .order_by(Member.last_active_at.is_not(None), Member.last_active_at, Member.id)
        .limit(limit)
    )
    return (await connection.execute(query)).all()


async def nudge_candidates(
    connection: AsyncConnection,
    communities: Collection[int],
    now: datetime,
    days: int,
    cooldown: timedelta,
) -> Sequence[AnyRow]:
    """Return the community (id, platform id, zone) and `MEMBER_COLUMNS` of each member of
    these communities quiet for `days` days who may be nudged now (one query)."""
    query = (
        select(Community.id, Community.external_id, Community.timezone, *MEMBER_COLUMNS)
        .join(Member, Member.community_id == Community.id)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(
            *among(connection, Community.id, communities),
            Member.left_at.is_(None),
            func.coalesce(Participation.is_bot, false()).is_(false()),
            quiet_since(now - timedelta(days=days)),
            nudgeable(now, cooldown),
        )
        .order_by(Community.id, Member.last_active_at.is_not(None), Member.last_active_at)
    )
    return (await connection.execute(query)).all()


async def nudge_moments(
    connection: AsyncConnection, communities: Collection[int], now: datetime, cooldown: timedelta
) -> tuple[datetime | None, datetime | None, datetime | None]:
    """Return, for these communities' present members who may be nudged at all: the earliest
    start of a quiet spell among those free to be nudged, the earliest snooze end, and the
    earliest nudge of those cooling down after posting since."""
    snoozed, nudged = Participation.snoozed_until, Participation.last_nudged_at
    active, joined, reacted = Member.last_active_at, Member.joined_at, Member.last_reacted_at
    posted_or_joined = case(
        (active.is_(None), joined), (or_(joined.is_(None), active >= joined), active)
    )
    quiet_from = case((reacted > posted_or_joined, reacted), else_=posted_or_joined)
    not_snoozed = or_(snoozed.is_(None), snoozed <= now)
    cooling = and_(not_snoozed, active > nudged, nudged > now - cooldown)
    query = (
        select(
            func.min(case((nudgeable(now, cooldown), quiet_from))),
            func.min(case((snoozed > now, snoozed))),
            func.min(case((cooling, nudged))),
        )
        .select_from(Community)
        .join(Member, Member.community_id == Community.id)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(
            *among(connection, Community.id, communities),
            Member.left_at.is_(None),
            func.coalesce(Participation.is_bot, false()).is_(false()),
            func.coalesce(Participation.nudges_off, false()).is_(false()),
        )
    )
    quiet, snooze_ends, nudged_first = (await connection.execute(query)).one()
    return quiet, snooze_ends, nudged_first
