"""A cohort-scoped `/stats` on a cohort of 10,000 members.

The community has 12,000 members; the cohort `big` lists 10,000 of them and is in week 9 of a
12-week term with a topic post each week (2,000 replies each). Eight weeks of daily activity
(one member in ten posts on a given day: about 70,000 rows), 2,000 questions and 500 nudges.
Times what the command does after parsing, with the app's `StatsService` (new members without
an intro and the pairing rate included): the cohort, its members (`CohortService.members`: the
query of its member rows), its term's place and every figure, then the text; 400 runs after 5
warm-ups, three times on the seeded database (the figures are the medians of the three
repetitions' median and p99). Baselines in the same run, 150 runs three times each: the same
figures with the members bound as a list of 10,000 ids (how the cohort was counted before),
and the whole community's `/stats`.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from adapters.console.session import COMMUNITY
from benchmarks.cohort_parts.app import console_app
from benchmarks.support.repeat import REPETITIONS, median, repeated_async
from bot.app import App
from bot.clock import VirtualClock
from bot.participation.cohort_audience import cohort_audience
from bot.participation.stats import CohortAudience, Figures
from bot.participation.stats_text import render
from bot.platform import Platform
from bot.storage.first_post_waits import refresh_first_post_waits
from bot.storage.models import (
    CohortMember,
    DailyActivity,
    Member,
    Nudge,
    Participation,
    Question,
    TopicPost,
    TopicResponse,
)

MEMBERS = 12_000
IN_COHORT = 10_000
NOW = datetime(2026, 3, 4, 11, 0, tzinfo=UTC)
TERM_START = date(2026, 1, 5)
WEEKS_SO_FAR = 9
RUNS = 400
BASELINE_RUNS = 150
"""The baselines' runs per repetition: fewer, so three repetitions of all three stay short."""
WARM_UPS = 5
ACTIVE_SHARE = 0.1
TARGET_P99_MS = 50.0


async def seed(app: App, community_id: int) -> int:
    """Fill the database; return the cohort's id."""
    cohort = await app.services.cohorts.create(community_id, "big", "big")
    chance = random.Random(18)
    async with app.database.writing() as connection:
        created = await connection.execute(
            insert(Member).returning(Member.id, sort_by_parameter_order=True),
            _members(community_id, chance),
        )
        ids = list(created.scalars())
        await connection.execute(
            insert(CohortMember),
            [{"cohort_id": cohort.id, "member_id": m, "listed": True} for m in ids[:IN_COHORT]],
        )
        await connection.execute(insert(Participation), _first_posts(community_id, ids, chance))
        await refresh_first_post_waits(connection, ids)  # as the activity flush does
        await connection.execute(insert(DailyActivity), _activity(community_id, ids, chance))
        await _posts(connection, community_id, cohort.id, ids, chance)
        await connection.execute(insert(Question), _questions(community_id, ids, chance))
        await connection.execute(insert(Nudge), _nudges(community_id, ids, chance))
    await app.services.cohorts.set_term(cohort, TERM_START, 12)
    return cohort.id


def _first_posts(community_id: int, ids: list[int], chance: random.Random) -> list[dict[str, Any]]:
    """Nine members in ten have posted: their first post, a few days after joining at most."""
    return [
        {
            "member_id": member,
            "community_id": community_id,
            "first_post_at": NOW - timedelta(days=59, hours=chance.randrange(0, 24 * 5)),
        }
        for member in ids
        if chance.random() < 0.9
    ]


def _members(community_id: int, chance: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "community_id": community_id,
            "external_id": f"U{number:06}",
            "display_name": f"Member {number}",
            "joined_at": NOW - timedelta(days=chance.randrange(60, 400)),
            "last_active_at": NOW - timedelta(hours=chance.randrange(1, 60 * 24)),
        }
        for number in range(MEMBERS)
    ]


def _activity(community_id: int, ids: list[int], chance: random.Random) -> list[dict[str, Any]]:
    first = TERM_START
    days = [first + timedelta(days=offset) for offset in range((NOW.date() - first).days)]
    return [
        {
            "member_id": member,
            "day": day,
            "community_id": community_id,
            "messages": chance.randrange(1, 6),
            "replies": 0,
        }
        for member in ids
        for day in days
        if chance.random() < ACTIVE_SHARE
    ]


async def _posts(
    connection: Any, community_id: int, cohort_id: int, ids: list[int], chance: random.Random
) -> None:
    for week in range(1, WEEKS_SO_FAR + 1):
        posted = datetime.combine(TERM_START, NOW.timetz()) + timedelta(weeks=week - 1)
        inserted = await connection.execute(
            insert(TopicPost)
            .values(
                community_id=community_id,
                text=f"Week {week}'s prompt",
                channel_external_id="big",
                message_external_id=f"p{week}",
                posted_at=posted,
                cohort_id=cohort_id,
                week=week,
            )
            .returning(TopicPost.id)
        )
        post_id = inserted.scalar_one()
        await connection.execute(
            insert(TopicResponse),
            [
                {
                    "topic_post_id": post_id,
                    "member_id": member,
                    "message_external_id": f"r{week}-{member}",
                    "responded_at": posted + timedelta(hours=1),
                }
                for member in chance.sample(ids, 2_000)
            ],
        )


def _questions(community_id: int, ids: list[int], chance: random.Random) -> list[dict[str, Any]]:
    rows = []
    for number in range(2_000):
        asked = NOW - timedelta(hours=chance.randrange(25, 29 * 24))
        answered = asked + timedelta(hours=chance.randrange(1, 48)) if number % 3 else None
        rows.append(
            {
                "community_id": community_id,
                "member_id": chance.choice(ids),
                "message_external_id": f"q{number}",
                "asked_at": asked,
                "answered_at": answered,
            }
        )
    return rows


def _nudges(community_id: int, ids: list[int], chance: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "community_id": community_id,
            "member_id": member,
            "status": "sent",
            "claimed_at": NOW - timedelta(days=chance.randrange(1, 29)),
        }
        for member in chance.sample(ids, 500)
    ]


Timings = dict[str, list[float]]


async def _timed(
    runs: int, action: Callable[[], Awaitable[Figures]]
) -> tuple[list[float], Figures]:
    timings: list[float] = []
    figures = None
    for run in range(runs + WARM_UPS):
        started = time.perf_counter()
        figures = await action()
        render(figures, "bench")
        if run >= WARM_UPS:
            timings.append((time.perf_counter() - started) * 1000)
    assert figures is not None
    return timings, figures


def summary(timings: list[float]) -> dict[str, float]:
    """Return the median and p99 of `timings` (ms)."""
    p99 = statistics.quantiles(timings, n=100)[98]
    return {"median_ms": round(statistics.median(timings), 2), "p99_ms": round(p99, 2)}


async def measure(path: Path) -> dict[str, Any]:
    """Seed, then time the cohort's `/stats`, the bound-list baseline and the community's."""
    clock = VirtualClock(NOW)
    async with console_app(path, clock) as (app, console, community_id):
        cohort_id = await seed(app, community_id)
        services = app.services
        platform: Platform = console.platform

        async def cohort_stats() -> Figures:
            cohort = await services.cohorts.get(cohort_id)
            assert cohort is not None
            audience = await cohort_audience(
                services.cohorts, services.breaks, cohort, platform, COMMUNITY
            )
            return await services.stats.figures(community_id, NOW, audience)

        async def listed_stats() -> Figures:
            cohort = await services.cohorts.get(cohort_id)
            assert cohort is not None
            audience = await cohort_audience(
                services.cohorts, services.breaks, cohort, platform, COMMUNITY
            )
            ids = await services.cohorts.member_ids(cohort, platform, COMMUNITY)
            bound = CohortAudience(audience.cohort_id, ids, audience.term)
            return await services.stats.figures(community_id, NOW, bound)

        async def community_stats() -> Figures:
            return await services.stats.figures(community_id, NOW)

        cohort_ms, figures = await _repeated(RUNS, cohort_stats)
        listed_ms, listed = await _repeated(BASELINE_RUNS, listed_stats)
        community_ms, whole = await _repeated(BASELINE_RUNS, community_stats)
    assert figures == listed, "a subquery and a bound list of the same members disagree"
    assert figures.members == IN_COHORT
    assert whole.members == MEMBERS
    shown = middle(cohort_ms)
    return {
        "members": IN_COHORT,
        "weeks": len(figures.weeks),
        "runs": RUNS,
        "repetitions": len(cohort_ms),
        **shown,
        "p99_each_ms": [summary(each)["p99_ms"] for each in cohort_ms],
        "bound_ids": middle(listed_ms),
        "community": {"members": MEMBERS, **middle(community_ms)},
        "target_p99_ms": TARGET_P99_MS,
        "within_target": shown["p99_ms"] < TARGET_P99_MS,
    }


async def _repeated(
    runs: int, action: Callable[[], Awaitable[Figures]]
) -> tuple[list[list[float]], Figures]:
    """Time `runs` runs of `action` REPETITIONS times (warm-ups each time); return each
    repetition's timings and the last figures."""
    timed = await repeated_async(lambda _n: _timed(runs, action), REPETITIONS)
    return [timings for timings, _figures in timed], timed[-1][1]


def middle(repetitions: list[list[float]]) -> dict[str, float]:
    """Return the median over the repetitions of each one's median and p99 (ms)."""
    each = [summary(timings) for timings in repetitions]
    return {key: round(median([one[key] for one in each]), 2) for key in ("median_ms", "p99_ms")}
