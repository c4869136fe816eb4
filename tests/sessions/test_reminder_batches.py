"""Reminders claimed a small batch at a time: with two processes on one database, and after a
process died holding a batch, every member gets each reminder once (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.app import build_app
from bot.clock import VirtualClock
from bot.port import Core
from bot.sessions import notices
from bot.sessions.model import NoticeKind
from bot.settings import Settings
from bot.storage.database import Database
from tests.conftest import START

MEMBERS = [f"m{number:02}" for number in range(1, 12)]
BATCH = 3


async def _process(
    settings: Settings, database: Database, clock: VirtualClock | None = None
) -> tuple[Core[object], ConsoleSession]:
    """Start a process on the database; processes given one clock share one time, as real
    ones do (its timers due at one moment run concurrently, whichever process armed them)."""
    clock = clock or VirtualClock(START)
    app = build_app(settings, clock, database=database.another())
    await app.start()
    app.services.sessions.timers.batch_size = BATCH
    console = ConsoleSession(app, clock)
    await console.refresh_timezone()
    await console.attach()
    return app, console


async def _office_hour_with_members(console: ConsoleSession) -> None:
    for line in ("@hana joins", "@hana is host"):
        await console.say(line)
    await console.say('@hana: /session create "Office hour" 2026-01-07 18:00')
    for name in MEMBERS:
        await console.say(f"@{name} joins")
        await console.say(f'@{name} presses "Going"')


def _reminded(records: list[Record], words: str) -> list[str]:
    return [str(r.to) for r in records if r.kind == "dm" and words in (r.text or "")]


async def test_two_processes_claiming_small_batches_dm_every_member_once(
    settings: Settings, any_database: Database
) -> None:
    clock = VirtualClock(START)
    first_app, first = await _process(settings, any_database, clock)
    await _office_hour_with_members(first)
    second_app, second = await _process(settings, any_database, clock)  # arms from the rows
    try:
        await first.say("time 2026-01-07 17:50")  # both processes' timers run, side by side
        expected = Counter({f"dm:{name}": 1 for name in MEMBERS})
        assert Counter(_dms_in(first, second, "is tomorrow")) == expected
        assert Counter(_dms_in(first, second, "starts in 15 minutes")) == expected
        sent = [app.services.sessions.timers.sent for app in (first_app, second_app)]
        assert sum(sent) == 2 * len(MEMBERS)
    finally:
        await second_app.close()
        await first_app.close()


def _dms_in(first: ConsoleSession, second: ConsoleSession, words: str) -> list[str]:
    """Return the DM channels of every message with `words` either process sent."""
    return [
        message.channel_id
        for console in (first, second)
        for message in console.world.messages.values()
        if message.channel_id.startswith("dm:") and words in message.text
    ]


async def test_a_batch_held_by_a_dead_process_is_sent_once_its_lease_ends(
    settings: Settings, any_database: Database
) -> None:
    app, console = await _process(settings, any_database)
    try:
        await _office_hour_with_members(console)
        await console.say("time 2026-01-07 17:30")
        due = datetime(2026, 1, 7, 17, 45, tzinfo=UTC)
        lease = timedelta(seconds=settings.schedule_lease_seconds)
        async with any_database.writing() as connection:  # claimed, then the process died
            held = await notices.claim_notices(connection, 1, NoticeKind.SOON, due, (lease, BATCH))
        assert len(held) == BATCH
        sent = _reminded(await console.say("time 2026-01-07 17:50"), "starts in 15 minutes")
        assert len(sent) == len(MEMBERS) - BATCH
        sent += _reminded(await console.say("time 2026-01-07 18:10"), "starts in 15 minutes")
        assert Counter(sent) == Counter({f"@{name}": 1 for name in MEMBERS})
    finally:
        await app.close()
