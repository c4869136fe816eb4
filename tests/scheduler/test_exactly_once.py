"""Each occurrence happens once: across restarts, a crash after claiming, and two processes.

Every test runs on a SQLite file and on PostgreSQL (when configured). A "process" is an app of
its own, on its own engine and its own virtual clock, sharing only the database.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.settings import Settings
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleService
from bot.storage.database import Database
from scheduler.ledger import CLAIMED, DONE, MISSED, Ledger
from scheduler.runner import LEASE
from tests.conftest import START

WEDNESDAY_18 = datetime(2026, 1, 7, 18, 0, tzinfo=UTC)


@dataclass
class Process:
    app: App
    console: ConsoleSession
    caught_up: list[Record]


@asynccontextmanager
async def process(settings: Settings, database: Database, at: datetime) -> AsyncIterator[Process]:
    """Start a bot process on `database` at virtual time `at`; stop it on exit."""
    clock = VirtualClock(at)
    app = build_app(settings, clock, database=database.another())
    await app.start()
    console = ConsoleSession(app, clock)
    await console.refresh_timezone()
    try:
        yield Process(app, console, await console.attach())
    finally:
        await app.close()


def topic_posts(records: list[Record]) -> list[Record]:
    return [r for r in records if r.kind == "post" and r.to == "#topics"]


async def schedule_wednesdays(settings: Settings, database: Database, *first: str) -> int:
    """As a host, fill the bank and schedule Wednesdays 18:00; return the schedule id.

    `first` are lines said before (a time zone, say)."""
    async with process(settings, database, START) as first_process:
        for line in (
            "@hana is admin",
            *first,
            "@hana: /setup channel hosts #hosts",
            "@hana: /topic add Week one",
            "@hana: /topic add Week two",
            "@hana: /topic schedule #topics wed 18:00",
        ):
            await first_process.console.say(line)
        community_id = await first_process.app.services.communities.ensure(COMMUNITY)
        (info,) = await first_process.app.services.schedules.for_community(community_id)
        return info.id


async def statuses(database: Database, schedule_id: int) -> list[tuple[datetime, str]]:
    return await Ledger(database, VirtualClock(START), LEASE).statuses(schedule_id)


async def test_a_restart_mid_week_neither_repeats_nor_loses_a_post(
    settings: Settings, any_database: Database
) -> None:
    schedule_id = await schedule_wednesdays(settings, any_database)
    async with process(settings, any_database, START + timedelta(days=1)) as tuesday:
        assert topic_posts(tuesday.caught_up) == []
        records = await tuesday.console.say("time 2026-01-07 18:00")
        assert len(topic_posts(records)) == 1
    async with process(settings, any_database, WEDNESDAY_18 + timedelta(hours=1)) as again:
        assert topic_posts(again.caught_up) == []
        records = await again.console.say("time +7d")
    assert [post.text for post in topic_posts(records)] == ["💬 Discussion topic: Week two"]
    assert [status for _, status in await statuses(any_database, schedule_id)] == [DONE, DONE]


async def test_downtime_within_the_grace_window_is_caught_up_once(
    settings: Settings, any_database: Database
) -> None:
    schedule_id = await schedule_wednesdays(settings, any_database)
    late = WEDNESDAY_18 + timedelta(hours=5)
    async with process(settings, any_database, late) as restarted:
        (post,) = topic_posts(restarted.caught_up)
        assert post.at == late
    async with process(settings, any_database, late + timedelta(minutes=5)) as once_more:
        assert topic_posts(once_more.caught_up) == []
    assert await statuses(any_database, schedule_id) == [(WEDNESDAY_18, DONE)]


async def test_downtime_beyond_the_grace_window_is_skipped_and_reported(
    settings: Settings, any_database: Database
) -> None:
    schedule_id = await schedule_wednesdays(settings, any_database)
    async with process(settings, any_database, WEDNESDAY_18 + timedelta(hours=7)) as late:
        assert topic_posts(late.caught_up) == []
        (note,) = [r for r in late.caught_up if r.to == "#hosts"]
        assert "missed while the bot was not running" in (note.text or "")
        next_week = await late.console.say("time +7d")
    assert len(topic_posts(next_week)) == 1
    assert [status for _, status in await statuses(any_database, schedule_id)] == [MISSED, DONE]
    async with process(settings, any_database, WEDNESDAY_18 + timedelta(hours=8)) as again:
        assert [r for r in again.caught_up if r.to == "#hosts"] == []  # reported once


async def test_the_missed_notice_names_the_local_due_time_and_the_channel_as_a_mention(
    settings: Settings, any_database: Database
) -> None:
    berlin = "@hana: /setup timezone Europe/Berlin"
    schedule_id = await schedule_wednesdays(settings, any_database, berlin)
    due = datetime(2026, 1, 7, 17, 0, tzinfo=UTC)  # 18:00 in Berlin
    async with process(settings, any_database, due + timedelta(weeks=2, hours=7)) as late:
        (note,) = [r for r in late.caught_up if r.to == "#hosts"]
    text = note.text or ""
    assert "due 2026-01-21 18:00 (Europe/Berlin) in #topics" in text  # the newest missed one
    assert "and 2 earlier" in text
    assert "missed while the bot was not running" in text
    assert [status for _, status in await statuses(any_database, schedule_id)] == [MISSED] * 3


async def test_a_missed_buddy_round_is_reported_without_a_channel(
    settings: Settings, any_database: Database
) -> None:
    async with process(settings, any_database, START) as first:
        for line in (
            "@hana is admin",
            "@hana: /setup channel hosts #hosts",
            "@hana: /buddy schedule wed 18:00",
        ):
            await first.console.say(line)
    async with process(settings, any_database, WEDNESDAY_18 + timedelta(hours=7)) as late:
        (note,) = [r for r in late.caught_up if r.to == "#hosts"]
    text = note.text or ""
    assert "due 2026-01-07 18:00 (UTC) was missed while the bot was not running" in text
    assert "community" not in text


async def test_a_claim_left_unfinished_is_reported_by_its_due_time_not_as_downtime(
    settings: Settings, any_database: Database
) -> None:
    schedule_id = await schedule_wednesdays(settings, any_database)
    stuck = Ledger(any_database, VirtualClock(WEDNESDAY_18), LEASE)
    await stuck.claim(schedule_id, WEDNESDAY_18)  # the process doing it stopped there
    async with process(settings, any_database, WEDNESDAY_18 + timedelta(hours=7)) as later:
        (note,) = [r for r in later.caught_up if r.to == "#hosts"]
    text = note.text or ""
    assert "due 2026-01-07 18:00 (UTC) in #topics" in text
    assert "not running" not in text
    assert "never finished" in text
    assert await statuses(any_database, schedule_id) == [(WEDNESDAY_18, MISSED)]


async def test_a_crash_between_claim_and_post_is_finished_by_the_next_process_once(
    settings: Settings, any_database: Database
) -> None:
    schedule_id = await schedule_wednesdays(settings, any_database)
    crashed = Ledger(any_database, VirtualClock(WEDNESDAY_18), LEASE)
    assert await crashed.claim(schedule_id, WEDNESDAY_18) is not None  # ...and then it died
    async with process(settings, any_database, WEDNESDAY_18 + timedelta(minutes=1)) as restarted:
        assert topic_posts(restarted.caught_up) == []  # the claim's lease still runs
        records = await restarted.console.say("time +15m")
        assert len(topic_posts(records)) == 1
        assert len(topic_posts(await restarted.console.say("time +1h"))) == 0
    assert await statuses(any_database, schedule_id) == [(WEDNESDAY_18, DONE)]


async def test_a_crash_noticed_after_the_lease_ran_out_is_posted_on_start(
    settings: Settings, any_database: Database
) -> None:
    schedule_id = await schedule_wednesdays(settings, any_database)
    crashed = Ledger(any_database, VirtualClock(WEDNESDAY_18), LEASE)
    await crashed.claim(schedule_id, WEDNESDAY_18)
    async with process(settings, any_database, WEDNESDAY_18 + timedelta(minutes=30)) as started:
        assert len(topic_posts(started.caught_up)) == 1
    assert await statuses(any_database, schedule_id) == [(WEDNESDAY_18, DONE)]


async def test_two_processes_on_one_database_post_once(
    settings: Settings, any_database: Database
) -> None:
    schedule_id = await schedule_wednesdays(settings, any_database)
    async with (
        process(settings, any_database, START) as first,
        process(settings, any_database, START) as second,
    ):
        for week in range(3):
            moment = (WEDNESDAY_18 + timedelta(weeks=week)).isoformat(" ")[:16]
            both = await asyncio.gather(
                first.console.say(f"time {moment}"), second.console.say(f"time {moment}")
            )
            assert len(topic_posts(both[0]) + topic_posts(both[1])) == 1
    assert [status for _, status in await statuses(any_database, schedule_id)] == [DONE] * 3


async def test_only_one_claimer_wins_and_a_live_lease_is_respected(any_database: Database) -> None:
    schedule_id = await schedule_row(any_database)
    clock = VirtualClock(WEDNESDAY_18)
    engines = [any_database.another() for _ in range(4)]
    ledgers = [Ledger(engine, clock, LEASE) for engine in engines]
    claims = await asyncio.gather(*(ledger.claim(schedule_id, WEDNESDAY_18) for ledger in ledgers))
    assert len([claim for claim in claims if claim is not None]) == 1
    assert await ledgers[0].claim(schedule_id, WEDNESDAY_18) is None  # lease still running
    await clock.advance_to(WEDNESDAY_18 + LEASE + timedelta(seconds=1))
    takeovers = await asyncio.gather(*(led.claim(schedule_id, WEDNESDAY_18) for led in ledgers))
    assert len([claim for claim in takeovers if claim is not None]) == 1
    entry = await ledgers[0].entry(schedule_id, WEDNESDAY_18)
    assert entry is not None
    assert entry.status == CLAIMED
    for engine in engines:
        await engine.close()


async def schedule_row(database: Database) -> int:
    clock = VirtualClock(START)
    community_id = await CommunityService(database, clock, "UTC").ensure(COMMUNITY)
    info = await ScheduleService(database, clock).set_weekly(
        community_id, "topic", "topics", 2, WEDNESDAY_18.time(), 1
    )
    return info.id


async def test_a_schedule_changed_by_another_process_moves_here_when_it_falls_due(
    settings: Settings, any_database: Database
) -> None:
    await schedule_wednesdays(settings, any_database)
    async with (
        process(settings, any_database, START) as armed,
        process(settings, any_database, START) as other,
    ):
        await other.console.say("@hana is admin")  # the console platform's own knowledge
        moved = await other.console.say("@hana: /topic schedule #topics thu 09:00")
        assert "every Thursday at 09:00" in (moved[-1].text or ""), moved
        at_old_time = await armed.console.say("time 2026-01-07 18:00")
        assert topic_posts(at_old_time) == []
        at_new_time = await armed.console.say("time 2026-01-08 09:00")
        assert [post.at for post in topic_posts(at_new_time)] == [
            datetime(2026, 1, 8, 9, 0, tzinfo=UTC)
        ]
        gone = await other.console.say("@hana: /topic unschedule #topics")
        assert "no longer posted" in (gone[-1].text or "")
        assert topic_posts(await armed.console.say("time +14d")) == []


async def test_a_schedule_created_moved_or_removed_elsewhere_is_armed_here_within_a_minute(
    settings: Settings, any_database: Database
) -> None:
    polling = settings.model_copy(update={"schedule_poll_seconds": 60})
    async with (
        process(polling, any_database, START) as here,
        process(polling, any_database, START) as other,  # its clock stays put: it never fires
    ):
        for line in ("@hana is admin", "@hana: /topic add Week one", "@hana: /topic add Week two"):
            await other.console.say(line)
        await other.console.say("@hana: /topic schedule #topics mon 09:00")  # an hour away
        community_id = await other.app.services.communities.ensure(COMMUNITY)
        (info,) = await other.app.services.schedules.for_community(community_id)
        await here.console.say("time +1m")
        assert here.app.scheduler.armed() == {info.id}
        (created,) = topic_posts(await here.console.say("time 2026-01-05 09:00"))
        assert created.at == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        await other.console.say("@hana: /topic schedule #topics mon 09:30")  # a week sooner
        (moved,) = topic_posts(await here.console.say("time 2026-01-05 09:30"))
        assert moved.at == datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
        await other.console.say("@hana: /setup timezone America/New_York")  # 09:30 is 14:30 UTC
        (rezoned,) = topic_posts(await here.console.say("time 2026-01-05 14:30"))
        assert rezoned.at == datetime(2026, 1, 5, 14, 30, tzinfo=UTC)
        assert [status for _, status in await statuses(any_database, info.id)] == [DONE] * 3
        await other.console.say("@hana: /topic unschedule #topics")
        await here.console.say("time +1m")
        assert here.app.scheduler.armed() == set()
