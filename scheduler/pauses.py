"""Why a due occurrence is paused: its community's break, or its cohort's term.

A cohort's scheduled work runs only in the numbered weeks of its term (when it has one): before
the first day, in a week wholly inside a break and after the last week it pauses by itself, as
on a break; an archived cohort's work does not run at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.shared.breaks import BreakDates
from bot.shared.terms import Term, week_of
from bot.storage.models import Break, Cohort, Schedule

A_BREAK = "a break"
OUTSIDE_TERM = "outside the cohort's term"
ARCHIVED = "the cohort is archived"


@dataclass(frozen=True, slots=True)
class CohortTerm:
    """What pausing needs of the cohort a schedule works for."""

    term: Term | None
    archived: bool
    breaks: tuple[BreakDates, ...]
    """Every break of its community: a term's week numbers count the break weeks before them."""


def pause_reason(
    near_breaks: Sequence[tuple[date, date]], cohort: CohortTerm | None, day: date
) -> str | None:
    """Return why work due on local `day` pauses, or None when it runs."""
    if any(starts <= day <= ends for starts, ends in near_breaks):
        return A_BREAK
    if cohort is None:
        return None
    if cohort.archived:
        return ARCHIVED
    if cohort.term is not None and not week_of(cohort.term, cohort.breaks, day).active:
        return OUTSIDE_TERM
    return None


async def cohort_terms(
    connection: AsyncConnection, schedule_ids: Sequence[int]
) -> dict[int, CohortTerm]:
    """Return, for each of these schedules that works for a cohort, that cohort's term."""
    query = (
        select(
            Schedule.id,
            Cohort.community_id,
            Cohort.term_start,
            Cohort.term_weeks,
            Cohort.archived_at,
        )
        .join(Cohort, Cohort.id == Schedule.cohort_id)
        .where(Schedule.id.in_(schedule_ids))
    )
    rows = (await connection.execute(query)).all()
    if not rows:
        return {}
    breaks = await _all_breaks(connection, sorted({row.community_id for row in rows}))
    return {
        row.id: CohortTerm(
            _term(row.term_start, row.term_weeks),
            row.archived_at is not None,
            breaks.get(row.community_id, ()),
        )
        for row in rows
    }


def _term(start: date | None, weeks: int | None) -> Term | None:
    return None if start is None or weeks is None else Term(start, weeks)


async def _all_breaks(
    connection: AsyncConnection, communities: Sequence[int]
) -> dict[int, tuple[BreakDates, ...]]:
    query = (
        select(Break.community_id, Break.starts_on, Break.ends_on)
        .where(Break.community_id.in_(communities))
        .order_by(Break.starts_on)
    )
    found: dict[int, list[BreakDates]] = {}
    for row in (await connection.execute(query)).all():
        found.setdefault(row.community_id, []).append(BreakDates(row.starts_on, row.ends_on))
    return {community: tuple(dates) for community, dates in found.items()}
