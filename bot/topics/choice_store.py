"""The queries behind choosing next topics: one snapshot for every bank of a batch.

A batch of community banks costs one statement (the rotations with the communities' starter
turns and zones); cohort banks add their terms and breaks, then the pins and posted weeks of
the weeks in question: a constant number of statements however many banks are in the batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.shared.breaks import BreakDates
from bot.shared.terms import Term
from bot.storage.models import Break, Cohort, Community, Topic, TopicPost
from bot.topics.choice import Pinned, Snapshot, Wanted
from bot.topics.store import APPROVED


async def read_snapshot(connection: AsyncConnection, wanted: Sequence[Wanted]) -> Snapshot:
    """Return what choosing the next topic of each wanted bank needs."""
    snapshot = Snapshot()
    per_community = Counter(one.community_id for one in wanted)
    cohorts = sorted({one.cohort_id for one in wanted if one.cohort_id is not None})
    await _read_rotations(connection, snapshot, per_community, cohorts)
    if cohorts:
        await _read_terms(connection, snapshot, cohorts)
        numbered: set[tuple[int, int]] = set()
        for one in wanted:
            week = snapshot.week(one)
            if one.cohort_id is not None and week is not None:
                numbered.add((one.cohort_id, week))
        if numbered:
            await _read_weeks(connection, snapshot, numbered)
    return snapshot


async def _read_rotations(
    connection: AsyncConnection, snapshot: Snapshot, per_community: Counter[int], cohorts: list[int]
) -> None:
    """Read the rotations (the community's and the cohorts') with each community's row.

    A community's posts may all fall back on its own bank, so each rotation is read as deep as
    the community has posts wanted.
    """
    depth = max(per_community.values())
    ranked = (
        select(
            Topic.community_id,
            Topic.cohort_id,
            Topic.id,
            Topic.text,
            func.row_number()
            .over(
                partition_by=(Topic.community_id, Topic.cohort_id),
                order_by=(Topic.times_used, Topic.id),
            )
            .label("turn"),
        )
        .where(
            Topic.community_id.in_(per_community),
            Topic.status == APPROVED,
            Topic.week.is_(None),
            or_(Topic.cohort_id.is_(None), Topic.cohort_id.in_(cohorts)),
        )
        .subquery()
    )
    query = (
        select(
            Community.id,
            Community.starter_topic_index,
            Community.timezone,
            ranked.c.cohort_id,
            ranked.c.id.label("topic_id"),
            ranked.c.text,
        )
        .select_from(Community)
        .outerjoin(ranked, (ranked.c.community_id == Community.id) & (ranked.c.turn <= depth))
        .where(Community.id.in_(per_community))
        .order_by(Community.id, ranked.c.cohort_id, ranked.c.turn)
    )
    for row in (await connection.execute(query)).all():
        snapshot.starters[row.id] = row.starter_topic_index
        snapshot.zones[row.id] = row.timezone
        if row.topic_id is not None:
            key = (row.id, row.cohort_id)
            snapshot.rotations.setdefault(key, []).append((row.topic_id, row.text))


async def _read_terms(connection: AsyncConnection, snapshot: Snapshot, cohorts: list[int]) -> None:
    """Read the cohorts' terms and, for those that have one, their communities' breaks."""
    query = select(Cohort.id, Cohort.community_id, Cohort.term_start, Cohort.term_weeks).where(
        Cohort.id.in_(cohorts)
    )
    communities = set()
    for row in (await connection.execute(query)).all():
        if row.term_start is not None and row.term_weeks is not None:
            snapshot.terms[row.id] = Term(row.term_start, row.term_weeks)
            communities.add(row.community_id)
    if not communities:
        return
    breaks = (
        select(Break.community_id, Break.starts_on, Break.ends_on)
        .where(Break.community_id.in_(communities))
        .order_by(Break.starts_on)
    )
    found: dict[int, list[BreakDates]] = {}
    for one in (await connection.execute(breaks)).all():
        found.setdefault(one.community_id, []).append(BreakDates(one.starts_on, one.ends_on))
    snapshot.breaks = {community: tuple(dates) for community, dates in found.items()}


async def _read_weeks(
    connection: AsyncConnection, snapshot: Snapshot, numbered: set[tuple[int, int]]
) -> None:
    """Read the pins of these cohorts' weeks and which of those weeks have had a post."""
    cohorts = sorted({cohort for cohort, _ in numbered})
    weeks = sorted({week for _, week in numbered})
    pins = select(Topic.cohort_id, Topic.week, Topic.id, Topic.text).where(
        Topic.cohort_id.in_(cohorts), Topic.week.in_(weeks), Topic.status == APPROVED
    )
    for row in (await connection.execute(pins)).all():
        if (row.cohort_id, row.week) in numbered:
            snapshot.pins[(row.cohort_id, row.week)] = Pinned(row.id, row.text)
    posted = (
        select(TopicPost.cohort_id, TopicPost.week)
        .where(TopicPost.cohort_id.in_(cohorts), TopicPost.week.in_(weeks))
        .distinct()
    )
    for cohort_id, week in (await connection.execute(posted)).all():
        if cohort_id is not None and week is not None and (cohort_id, week) in numbered:
            snapshot.posted_weeks.add((cohort_id, week))
