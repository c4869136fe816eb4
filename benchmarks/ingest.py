"""Inbound message throughput: 200,000 message events from 10,000 members in 50 channels.

Each event starts as a Slack `message` event payload and goes the whole inbound way: Slack's
pure translator (`adapters.slack.inbound.message_posted`), the real dispatcher and app, the
membership handler, the automatic filters (50 blocked terms that no message uses, so each
message is screened in full and none makes a card), the activity service (last active,
per-day counts, first posts, questions and answers; topic-thread look-ups for replies) and its
batched flushes into a SQLite file; the final flush is inside the timing. One event in ten is a
thread reply, one in twenty a question.
The members joined beforehand (their rows are inserted in bulk, untimed), as in a community that
has been running; their actors come from the adapter's directory cache, built once.

In the same run, the raw SQLite limit: one `executemany` of 200,000 equivalent rows (member,
channel, time, thread) in one transaction with the standard library's sqlite3, and the ratio
between the two. The last line is one JSON object. Target: at least 20,000 events/s.

    python3 dev.py bench ingest      (or: python -m benchmarks.ingest)
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from adapters.console.platform import ConsolePlatform
from adapters.console.world import ConsoleWorld
from adapters.slack.inbound import community_ref, message_posted
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.events import Actor
from bot.refs import UserRef
from bot.settings import Settings
from bot.storage.models import DailyActivity, Member

EVENTS = 200_000
MEMBERS = 10_000
CHANNELS = 50
TEAM = "T0BENCH"
BOT_USER = "UBOT"
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
SPAN_SECONDS = 2 * 24 * 3600  # the events spread over two days
TARGET = 20_000


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


async def ingest(app: App, events: list[dict[str, Any]]) -> float:
    """Translate and dispatch every event, then flush; return the seconds it took."""
    actors = {
        f"U{number:05}": Actor(UserRef("slack", f"U{number:05}"), f"Member {number}")
        for number in range(MEMBERS)
    }
    platform = ConsolePlatform(ConsoleWorld(app.services.clock), lambda _record: None)
    dispatch = app.dispatcher.dispatch
    started = time.perf_counter()
    for payload in events:
        event = message_posted(
            payload, team_id=TEAM, bot_user_id=BOT_USER, actor=actors[payload["user"]]
        )
        if event is not None:
            await dispatch(event, platform)
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


def raw_limit(directory: Path, events: list[dict[str, Any]]) -> float:
    """Return the seconds one executemany of equivalent rows takes in one transaction."""
    rows = [(e["user"], e["channel"], e["ts"], e.get("thread_ts")) for e in events]
    connection = sqlite3.connect(directory / "raw.db")
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(
            "CREATE TABLE messages (id INTEGER PRIMARY KEY, member TEXT, channel TEXT, "
            "ts TEXT, thread TEXT)"
        )
        started = time.perf_counter()
        with connection:
            connection.executemany(
                "INSERT INTO messages (member, channel, ts, thread) VALUES (?, ?, ?, ?)", rows
            )
        return time.perf_counter() - started
    finally:
        connection.close()


async def measure(directory: Path) -> dict[str, float | int | str]:
    """Run the ingest and the raw limit; return the figures."""
    events = payloads()
    app = await prepare(directory)
    try:
        elapsed = await ingest(app, events)
        await _check(app)
    finally:
        await app.close()
    raw = raw_limit(directory, events)
    rate, raw_rate = EVENTS / elapsed, EVENTS / raw
    return {
        "benchmark": "ingest",
        "events": EVENTS,
        "members": MEMBERS,
        "channels": CHANNELS,
        "seconds": round(elapsed, 3),
        "events_per_second": round(rate),
        "raw_sqlite_rows_per_second": round(raw_rate),
        "ratio_to_raw": round(rate / raw_rate, 3),
        "target_events_per_second": TARGET,
    }


def main() -> None:
    """Print the figures, then one JSON line."""
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as directory:
        figures = asyncio.run(measure(Path(directory)))
    print(
        f"{figures['events']} message events from {figures['members']} members in "
        f"{figures['channels']} channels, Slack payload to SQLite file"
    )
    print(
        f"{figures['events_per_second']} events/s ({figures['seconds']} s); target "
        f">= {TARGET} events/s"
    )
    print(
        f"raw SQLite limit (one executemany, one transaction): "
        f"{figures['raw_sqlite_rows_per_second']} rows/s; ratio {figures['ratio_to_raw']}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
