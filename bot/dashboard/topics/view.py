"""What the Topics page shows: the banks, the pending suggestions, a cohort's term plan.

Reads only, through the same services the `/topic` commands read (the plan exactly as
`/topic plan` builds it), plus one query of its own: the pending suggestions with who
suggested each and for which bank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.cohorts import CohortInfo
from bot.i18n import N_, _, ngettext
from bot.i18n.formats import day, moment, weekday
from bot.platform import Platform
from bot.refs import ChannelRef
from bot.shared.schedules import describe
from bot.storage.database import Database
from bot.storage.models import Cohort, Member, Topic
from bot.topics import TOPIC_SCHEDULE, Source, TopicInfo
from bot.topics.plan import Plan, PlannedPost, PlannedWeek, build_plan
from bot.topics.store import PENDING

if TYPE_CHECKING:
    from bot.services import Services

SOURCES = {
    Source.PIN: N_("pinned"),
    Source.COMMUNITY: N_("from the community's bank"),
    Source.STARTER: N_("a starter prompt"),
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A pending suggestion: its topic id and text, who suggested it, for which bank."""

    id: int
    text: str
    suggested_by: str | None
    cohort: str | None


@dataclass(frozen=True, slots=True)
class PostRow:
    """One planned post: when (local), where, what it would post and why that one."""

    when: str
    channel: str
    topic: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class WeekRow:
    """A week of the plan: its number (None: a break), its dates and its posts."""

    number: int | None
    first: str
    last: str
    posts: tuple[PostRow, ...]
    posted: str | None


@dataclass(frozen=True, slots=True)
class PlanView:
    """A cohort's term as the page shows it."""

    heading: str
    past_weeks: int
    weeks: tuple[WeekRow, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BankView:
    """One bank (`cohort` None: the community's) with what the page shows about it."""

    cohort: CohortInfo | None
    topics: list[TopicInfo]
    schedules: list[str]
    term_weeks: int | None = None
    plan: PlanView | None = None
    breaks: list[str] = field(default_factory=list)


async def pending_suggestions(database: Database, community_id: int) -> list[Suggestion]:
    """Return the community's pending suggestions, oldest first, with suggester and cohort."""
    query = (
        select(Topic.id, Topic.text, Member.display_name, Cohort.name)
        .outerjoin(Member, Member.id == Topic.suggested_by)
        .outerjoin(Cohort, Cohort.id == Topic.cohort_id)
        .where(Topic.community_id == community_id, Topic.status == PENDING)
        .order_by(Topic.created_at, Topic.id)
    )
    async with database.reading() as connection:
        rows = (await connection.execute(query)).all()
    return [Suggestion(*row) for row in rows]


async def bank_view(
    services: Services, platform: Platform, community_id: int, cohort: CohortInfo | None
) -> BankView:
    """Return a bank with its schedules, and for a cohort with a term its plan and breaks."""
    cohort_id = None if cohort is None else cohort.id
    topics = await services.topics.bank(community_id, cohort_id=cohort_id)
    schedules = await services.schedules.for_scope(community_id, cohort_id, TOPIC_SCHEDULE)
    now = services.clock.now()
    described = [
        _("{timing} in {channel}").format(
            timing=describe(info, now), channel=_channel(platform, info.channel_id)
        )
        for info in schedules
    ]
    breaks = await services.breaks.list(community_id)
    shown_breaks = [one.describe() for one in breaks]
    if cohort is None or cohort.term is None:
        return BankView(cohort, topics, described, breaks=shown_breaks)
    zone = await services.communities.timezone(community_id)
    plan = build_plan(
        cohort.term,
        breaks,
        [(info.channel_id, info.rule) for info in schedules],
        zone,
        now,
        await services.topics.bank_state(community_id, cohort.id),
    )
    return BankView(
        cohort, topics, described, cohort.term.weeks, _plan_view(plan, zone, platform), shown_breaks
    )


def _plan_view(plan: Plan, zone: str, platform: Platform) -> PlanView:
    heading = ngettext(
        "{count} week from {start} to {end}, times in {zone}.",
        "{count} weeks from {start} to {end}, times in {zone}.",
        plan.term.weeks,
    ).format(
        count=plan.term.weeks,
        start=day(plan.term.start),
        end=day(plan.last_day),
        zone=zone,
    )
    warnings = tuple(
        (
            _("Topic {number} is pinned to week {week}, after the term's last week.")
            if pin.beyond_term
            else _("Topic {number} is pinned to week {week}, but no scheduled post falls in it.")
        ).format(number=pin.topic_id, week=pin.week)
        for pin in plan.missed
    )
    weeks = tuple(_week_row(week, platform) for week in plan.weeks)
    return PlanView(heading, plan.past_weeks, weeks, warnings)


def _week_row(week: PlannedWeek, platform: Platform) -> WeekRow:
    last = week.first_day + timedelta(days=6)
    posts = tuple(_post_row(post, platform) for post in week.posts)
    return WeekRow(week.number, day(week.first_day), day(last), posts, week.posted)


def _post_row(post: PlannedPost, platform: Platform) -> PostRow:
    when = f"{weekday(post.at.date(), short=True)} {moment(post.at)}"
    note = _(SOURCES[post.source]) if post.source in SOURCES else None
    return PostRow(when, _channel(platform, post.channel_id), post.text, note)


def _channel(platform: Platform, channel_id: str) -> str:
    return platform.mention(ChannelRef(platform.name, channel_id))


def active_cohorts(cohorts: Sequence[CohortInfo]) -> list[CohortInfo]:
    """Return the cohorts whose banks the page offers (archived ones have ended)."""
    return [cohort for cohort in cohorts if not cohort.archived]
