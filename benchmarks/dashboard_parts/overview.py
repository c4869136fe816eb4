"""The dashboard's Overview at scale (issue 24), the `overview` part of benchmarks/dashboard.py:
a community of 10,000 members and a year of activity, on a SQLite file.

Seeded: 10,000 members (joined up to 400 days ago, one in ten never introduced, one in five
quiet), a year of daily activity (one member in twenty posts on a given day: about 180,000
rows), a weekly topic post with 300 replies for 52 weeks, 2,000 questions of the last 30 days
(a third unanswered), 50 pending suggestions. A host signs in through a real `/dashboard` link
and the Overview (`GET /dashboard/`: the `/stats` figures, the chart's words and what needs
attention) is fetched over HTTP through the real server: 60 runs after 3 warm-ups, three
times; the figures are the medians of the repetitions' median and p95. Beside it, the SVG chart
route (10 runs, three times).
"""

from __future__ import annotations

import random
import re
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import insert

from benchmarks.cohort_parts.app import console_app
from benchmarks.support.repeat import median, percentile, repeated_async
from bot.app import App
from bot.clock import VirtualClock
from bot.dashboard.wiring import mount
from bot.participation import needs_attention
from bot.storage.models import (
    DailyActivity,
    Intro,
    Member,
    Question,
    Topic,
    TopicPost,
    TopicResponse,
)
from bot.web.server import WebServer

MEMBERS = 10_000
NOW = datetime(2026, 3, 4, 11, 0, tzinfo=UTC)
DAYS = 365
ACTIVE_SHARE = 0.05
RUNS, CHART_RUNS, WARM_UPS = 60, 10, 3
TARGET_P95_MS = 300.0
LINK = re.compile(r"(http://\S+/dashboard/signin/[A-Za-z0-9_-]+)")


async def seed(app: App, community_id: int) -> None:
    """Fill the community: members, a year of activity, topics, questions, suggestions."""
    chance = random.Random(24)
    async with app.database.writing() as connection:
        created = await connection.execute(
            insert(Member).returning(Member.id, sort_by_parameter_order=True),
            [_member(community_id, number, chance) for number in range(MEMBERS)],
        )
        ids = list(created.scalars())
        await connection.execute(
            insert(Intro),
            [
                {"member_id": m, "text": "Hi", "created_at": NOW, "updated_at": NOW}
                for m in ids
                if m % 10
            ],
        )
        first = NOW.date() - timedelta(days=DAYS)
        for offset in range(DAYS):  # a day at a time: one statement's parameters stay small
            day = first + timedelta(days=offset)
            await connection.execute(insert(DailyActivity), _day(community_id, ids, day, chance))
        await _topics(connection, community_id, ids, chance)
        await connection.execute(insert(Question), _questions(community_id, ids, chance))


def _member(community_id: int, number: int, chance: random.Random) -> dict[str, Any]:
    quiet = number % 5 == 0
    return {
        "community_id": community_id,
        "external_id": f"U{number:06}",
        "display_name": f"Member {number}",
        "joined_at": NOW - timedelta(days=chance.randrange(30, 400)),
        "last_active_at": NOW - timedelta(days=chance.randrange(20, 90) if quiet else 1),
    }


def _day(community_id: int, ids: list[int], day: date, chance: random.Random) -> list[Any]:
    return [
        {"member_id": m, "day": day, "community_id": community_id, "messages": 2, "replies": 1}
        for m in ids
        if chance.random() < ACTIVE_SHARE
    ]


async def _topics(
    connection: Any, community_id: int, ids: list[int], chance: random.Random
) -> None:
    for week in range(52):
        posted = NOW - timedelta(weeks=52 - week)
        inserted = await connection.execute(
            insert(TopicPost)
            .values(
                community_id=community_id,
                text=f"Week {week}'s prompt",
                channel_external_id="general",
                message_external_id=f"p{week}",
                posted_at=posted,
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
                for member in chance.sample(ids, 300)
            ],
        )
    await connection.execute(
        insert(Topic),
        [
            {
                "community_id": community_id,
                "text": f"Suggestion {number}",
                "status": "pending",
                "suggested_by": chance.choice(ids),
                "created_at": NOW - timedelta(days=number),
            }
            for number in range(50)
        ],
    )


def _questions(community_id: int, ids: list[int], chance: random.Random) -> list[Any]:
    rows = []
    for number in range(2_000):
        asked = NOW - timedelta(hours=chance.randrange(25, 29 * 24))
        rows.append(
            {
                "community_id": community_id,
                "member_id": chance.choice(ids),
                "message_external_id": f"q{number}",
                "asked_at": asked,
                "answered_at": asked + timedelta(hours=2) if number % 3 else None,
            }
        )
    return rows


async def _timed(client: aiohttp.ClientSession, url: str, runs: int) -> list[float]:
    timings = []
    for run in range(runs + WARM_UPS):
        started = time.perf_counter()
        async with client.get(url, allow_redirects=False) as response:
            await response.read()
            assert response.status == 200, response.status
        if run >= WARM_UPS:
            timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


async def measure(database: Path) -> dict[str, Any]:
    """Seed, sign a host in, and time the Overview and its chart over HTTP."""
    clock = VirtualClock(NOW)
    async with console_app(database, clock) as (app, console, community_id):
        for line in ("@hana joins", "@hana is host"):
            await console.say(line)
        started = time.perf_counter()
        await seed(app, community_id)
        seeded = time.perf_counter() - started
        server = WebServer("127.0.0.1", 0)
        mount(server, app)
        await server.start()
        base = f"http://127.0.0.1:{server.port}"
        app.services.dashboard.site.serve_at(base)
        jar = aiohttp.CookieJar(unsafe=True)
        try:
            async with aiohttp.ClientSession(cookie_jar=jar) as client:
                await _sign_in(client, console, base)
                overview = await repeated_async(
                    lambda _n: _timed(client, f"{base}/dashboard/", RUNS)
                )
                reads = await repeated_async(lambda _n: _reads_alone(app, community_id, RUNS))
                chart_url = f"{base}/dashboard/charts/overview.svg"
                chart = await repeated_async(lambda _n: _timed(client, chart_url, CHART_RUNS))
        finally:
            await server.stop()
    return {
        "members": MEMBERS,
        "days_of_activity": DAYS,
        "seed_seconds": round(seeded, 1),
        "runs": RUNS,
        "repetitions": len(overview),
        "median_ms": round(median([median(t) for t in overview]), 1),
        "p95_ms": round(median([percentile(t, 0.95) for t in overview]), 1),
        "p95_each_ms": [round(percentile(t, 0.95), 1) for t in overview],
        "chart_svg_median_ms": round(median([median(t) for t in chart]), 1),
        "reads_alone_median_ms": round(median([median(t) for t in reads]), 1),
        "target_p95_ms": TARGET_P95_MS,
        "database": "sqlite file",
    }


async def _reads_alone(app: App, community_id: int, runs: int) -> list[float]:
    """The baseline: the page's three reads called in the process, no HTTP and no template."""
    services, now = app.services, app.services.clock.now()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        await services.stats.figures(community_id, now)
        await services.stats.chart_data(community_id, now)
        await needs_attention(app.database, community_id, now, services.quiet.default_days)
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


async def _sign_in(client: aiohttp.ClientSession, console: Any, base: str) -> None:
    """Sign the host in as a browser does: the link from /dashboard, then Continue."""
    records = await console.say("@hana: /dashboard")
    found = LINK.search(" ".join(r.text or "" for r in records if r.kind == "ephemeral"))
    assert found is not None, "no sign-in link"
    async with client.get(found.group(1)) as opened:
        assert opened.status == 200
    async with client.post(found.group(1), headers={"Origin": base}, allow_redirects=False) as done:
        assert done.status == 303, done.status
