"""Reminders exactly once with two processes on one database (SQLite and PostgreSQL), and the
`.ics` file's recurrence, cancellations and moves."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import build_app
from bot.clock import VirtualClock
from bot.settings import Settings
from bot.storage.database import Database
from tests.conftest import START


async def _process(settings: Settings, database: Database, at: datetime):  # type: ignore[no-untyped-def]
    clock = VirtualClock(at)
    app = build_app(settings, clock, database=database.another())
    await app.start()
    console = ConsoleSession(app, clock)
    await console.refresh_timezone()
    await console.attach()
    return app, console


def _reminders(records: list[Record]) -> list[str]:
    return [f"{r.to} {r.text}" for r in records if r.kind == "dm" and "Office" in (r.text or "")]


async def test_two_processes_send_each_reminder_once(
    settings: Settings, any_database: Database
) -> None:
    first_app, first = await _process(settings, any_database, START)
    for line in ("@hana joins", "@hana is host", "@bob joins"):
        await first.say(line)
    await first.say('@hana: /session create "Office hour" 2026-01-07 18:00')
    await first.say('@bob presses "Going"')
    second_app, second = await _process(settings, any_database, START)  # arms from the rows
    try:
        sent = _reminders(await first.say("time 2026-01-07 17:50"))
        sent += _reminders(await second.say("time 2026-01-07 17:50"))
        assert sorted(sent) == [
            "@bob Office hour starts in 15 minutes, 2026-01-07 18:00 (UTC), for 1h.",
            "@bob Reminder: Office hour is tomorrow, 2026-01-07 18:00 (UTC), for 1h.",
        ]
    finally:
        await second_app.close()
        await first_app.close()


async def test_a_restarted_process_sends_what_is_still_due(
    settings: Settings, any_database: Database
) -> None:
    app, console = await _process(settings, any_database, START)
    for line in ("@hana joins", "@hana is host", "@bob joins"):
        await console.say(line)
    await console.say('@hana: /session create "Office hour" 2026-01-07 18:00')
    await console.say('@bob presses "Going"')
    await app.close()  # the process stops before any reminder
    restarted, again = await _process(
        settings, any_database, datetime(2026, 1, 7, 17, 0, tzinfo=UTC)
    )
    try:
        sent = _reminders(await again.say("time 2026-01-07 17:50"))
        assert sent == ["@bob Office hour starts in 15 minutes, 2026-01-07 18:00 (UTC), for 1h."]
    finally:
        await restarted.close()


async def test_the_calendar_file_keeps_wall_time_and_lists_cancelled_and_moved_dates(
    settings: Settings, any_database: Database
) -> None:
    app, console = await _process(settings, any_database, datetime(2026, 3, 18, 8, 0, tzinfo=UTC))
    try:
        for line in ("@hana joins", "@hana is admin", "@hana: /setup timezone Europe/Berlin"):
            await console.say(line)
        await console.say('@hana: /session create "Office hour" 2026-03-25 18:00 every 1 week')
        await console.say("time 2026-03-25 18:01")  # session 2 on 2026-04-01 (after the change)
        await console.say("@hana: /session cancel 1")
        await console.say("@hana: /session move 2 2026-04-02 19:00")
        service = app.services.sessions
        community = await app.services.communities.ensure(COMMUNITY)
        ics = Calendar.from_ical((await service.calendar(community, 2)).content)
        events = list(ics.walk("VEVENT"))
        master = next(e for e in events if "RRULE" in e)
        assert str(master["DTSTART"].params["TZID"]) == "Europe/Berlin"
        assert master["DTSTART"].dt.hour == 18
        assert master["RRULE"]["FREQ"] == ["WEEKLY"]
        assert ics.walk("VTIMEZONE")
        excluded = [d.dt for d in master["EXDATE"].dts]
        assert [d.isoformat() for d in excluded] == ["2026-03-25T18:00:00+01:00"]
        moved = next(e for e in events if "RECURRENCE-ID" in e)
        assert moved["RECURRENCE-ID"].dt.isoformat().startswith("2026-04-01T18:00")
        assert moved["DTSTART"].dt.isoformat().startswith("2026-04-02T19:00")
        assert int(moved["SEQUENCE"]) == 1
    finally:
        await app.close()
