"""Inbound message throughput: 200,000 message events from 10,000 members in 50 channels.

Each event starts as a Slack `message` event payload and goes the whole inbound way: Slack's
pure translator (`adapters.slack.inbound.message_posted`), the real dispatcher and app, the
membership handler, the automatic filters (50 blocked terms that no message uses, so each
message is screened in full and none makes a card), the activity service (last active,
per-day counts, first posts, questions and answers; topic-thread look-ups for replies) and its
batched flushes into a SQLite file. Events are fed the way a gateway delivers them: the loop
yields every 100 events, so the activity service's background flushes run mid-stream as they do
live; the final flush is inside the timing. One event in ten is a thread reply, one in twenty a
question. The members joined beforehand (their rows are inserted in bulk, untimed), as in a
community that has been running; their actors come from the adapter's directory cache.

In the same run, the smallest hand-written equivalent (`ingest_parts/handwritten.py`: the same
translation and screening, dicts of per-member, per-day counts, one batched upsert per flush with
sqlite3), fed the same way. Each is run three times, alternating; the medians are compared.
Targets: at least 50,000 events/s, and at least half the hand-written equivalent's rate.

    python3 dev.py bench ingest      (or: python -m benchmarks.ingest)
"""

from __future__ import annotations

import asyncio
import gc
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from adapters.console.platform import ConsolePlatform
from adapters.console.world import ConsoleWorld
from adapters.slack.inbound import community_ref, message_posted
from benchmarks.ingest_parts.handwritten import HandWritten
from benchmarks.ingest_parts.handwritten import run as handwritten_ingest
from benchmarks.support.machine import print_load
from benchmarks.support.repeat import median
from benchmarks.support.report import Figure, at_least, baseline, emit
from bot.app import App, build_app
from bot.automod.model import AutomodRules
from bot.clock import VirtualClock
from bot.events import Actor
from bot.memory import keep_startup_objects
from bot.refs import UserRef
from bot.settings import Settings
from bot.shared.activity import FLUSH_AT_EVENTS
from bot.storage.models import DailyActivity, Member

EVENTS = 200_000
MEMBERS = 10_000
CHANNELS = 50
TEAM = "T0BENCH"
BOT_USER = "UBOT"
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
SPAN_SECONDS = 2 * 24 * 3600  # the events spread over two days
TARGET = 50_000
TARGET_SHARE = 0.5
YIELD_EVERY = 100
FLUSHES = "cohort_activity_flush_seconds_count"
REPETITIONS = 3


def payloads(seed: int = 7) -> list[dict[str, Any]]:
    """Return the Slack message events, in time order (built before the timing starts)."""
    chance = random.Random(seed)
    recent: list[tuple[str, str]] = []
    events = []
    step = SPAN_SECONDS / EVENTS
    for number in range(EVENTS):
        ts = f"{START.timestamp() + number * step:.6f}"
        channel = f"C{chance.randrange(CHANNELS):03}"
        event: dict[str, Any] = {
            "type": "message",
            "channel_type": "channel",
            "user": f"U{chance.randrange(MEMBERS):05}",
            "channel": channel,
            "ts": ts,
            "text": "a message of ordinary length about what we are learning this week",
        }
        roll = chance.random()
        if roll < 0.1 and recent:
            root_channel, root_ts = recent[chance.randrange(len(recent))]
            event["channel"], event["thread_ts"] = root_channel, root_ts
        elif roll < 0.15:
            event["text"] = "does anyone have a good resource on this?"
        if "thread_ts" not in event:
            recent.append((channel, ts))
            del recent[:-200]  # replies go to one of the 200 newest posts
        events.append(event)
    return events


BLOCKED_TERMS = 50


async def prepare(directory: Path) -> App:
    """Build the app on a fresh SQLite file with the members already in it."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{directory / 'ingest.db'}",
    )
    app = build_app(settings, VirtualClock(START))
    await app.start()
    community_id = await app.services.communities.ensure(community_ref(TEAM))
    rows = [
        {
            "community_id": community_id,
            "external_id": f"U{number:05}",
            "display_name": f"Member {number}",
            "joined_at": START,
        }
        for number in range(MEMBERS)
    ]
    async with app.database.writing() as connection:
        await connection.execute(insert(Member), rows)
    for number in range(BLOCKED_TERMS):
        await app.services.automod.block(community_id, f"forbidden{number}word")
    return app


def directory_actors() -> dict[str, Actor]:
    """Return every member's actor, as the adapter's directory cache holds them."""
    return {
        f"U{number:05}": Actor(UserRef("slack", f"U{number:05}"), f"Member {number}")
        for number in range(MEMBERS)
    }


async def ingest(app: App, events: list[dict[str, Any]]) -> float:
    """Translate and dispatch every event, yielding every 100, then flush; return the seconds."""
    actors = directory_actors()
    platform = ConsolePlatform(ConsoleWorld(app.services.clock), lambda _record: None)
    dispatch = app.dispatcher.dispatch
    started = time.perf_counter()
    for number, payload in enumerate(events, start=1):
        event = message_posted(
            payload, team_id=TEAM, bot_user_id=BOT_USER, actor=actors[payload["user"]]
        )
        if event is not None:
            await dispatch(event, platform)
        if number % YIELD_EVERY == 0:
            await asyncio.sleep(0)  # as a gateway's reader does between frames
    await app.services.activity.flush()
    return time.perf_counter() - started


async def _check(app: App) -> None:
    """Fail loudly unless every event was counted (untimed)."""
    async with app.database.reading() as connection:
        counted = (await connection.execute(select(func.sum(DailyActivity.messages)))).scalar()
        active = (
            await connection.execute(select(func.count()).where(Member.last_active_at.is_not(None)))
        ).scalar()
    if counted != EVENTS or active != MEMBERS:
        raise RuntimeError(f"counted {counted} messages by {active} members; expected more")


async def cohort_run(directory: Path, events: list[dict[str, Any]]) -> tuple[float, int]:
    """One run of Cohort on a fresh file; return its seconds and how many flushes it made."""
    app = await prepare(directory)
    try:
        with started_process():
            elapsed = await ingest(app, events)
        flushes = int(app.metrics.registry.get_sample_value(FLUSHES) or 0)
        await _check(app)
        return elapsed, flushes
    finally:
        await app.close()


@contextmanager
def started_process() -> Iterator[None]:
    """Freeze what is alive, as `cohort run` does once its app has started (bot/memory.py); the
    events built in advance are frozen with it, since a live process does not hold them."""
    keep_startup_objects()
    try:
        yield
    finally:
        gc.unfreeze()


async def handwritten_run(directory: Path, events: list[dict[str, Any]]) -> float:
    """One run of the hand-written equivalent on a fresh file; return its seconds."""
    rules = AutomodRules(terms=tuple(f"forbidden{n}word" for n in range(BLOCKED_TERMS)))
    external_ids = [f"U{number:05}" for number in range(MEMBERS)]
    handwritten = HandWritten(directory / "handwritten.db", external_ids, rules)
    try:
        with started_process():
            elapsed = await handwritten_ingest(
                handwritten,
                events,
                directory_actors(),
                team=TEAM,
                bot_user=BOT_USER,
                yield_every=YIELD_EVERY,
                flush_every=FLUSH_AT_EVENTS,
            )
        if handwritten.counted() != EVENTS:
            raise RuntimeError("the hand-written equivalent lost messages")
        return elapsed
    finally:
        handwritten.close()


async def measure(directory: Path) -> list[Figure]:
    """Run Cohort and the hand-written equivalent three times each, alternating."""
    events = payloads()
    cohort_rates, handwritten_rates, flush_counts = [], [], []
    for repetition in range(REPETITIONS):
        run_directory = directory / f"run{repetition}"
        run_directory.mkdir()
        seconds, flushes = await cohort_run(run_directory, events)
        cohort_rates.append(EVENTS / seconds)
        flush_counts.append(flushes)
        handwritten_rates.append(EVENTS / await handwritten_run(run_directory, events))
        print(
            f"run {repetition + 1}: Cohort {cohort_rates[-1]:,.0f} events/s ({flushes} flushes), "
            f"hand-written {handwritten_rates[-1]:,.0f} events/s",
            flush=True,
        )
    rate, limit = median(cohort_rates), median(handwritten_rates)
    return [
        at_least("Cohort, yielding every 100 events (median of 3)", rate, TARGET, "events/s"),
        baseline("hand-written equivalent (median of 3)", limit, "events/s"),
        at_least("Cohort / hand-written", rate / limit, TARGET_SHARE, "", digits=2),
        baseline("flushes during a Cohort run (median)", median(flush_counts), ""),
    ]


def main() -> None:
    """Print the load, the figures, then one JSON line."""
    print_load()
    print(
        f"{EVENTS:,} Slack message events from {MEMBERS:,} members in {CHANNELS} channels "
        f"to a SQLite file, yielding every {YIELD_EVERY}"
    )
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as directory:
        figures = asyncio.run(measure(Path(directory)))
    emit("ingest", figures, events=EVENTS, members=MEMBERS, channels=CHANNELS)


if __name__ == "__main__":
    main()
