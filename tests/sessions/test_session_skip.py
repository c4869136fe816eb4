"""`/session cancel <id> <YYYY-MM-DD>`: a host cancels one date of a recurring session ahead of
time; the series passes over it (and the `.ics` lists it as an EXDATE), on SQLite and
PostgreSQL; bad input is refused privately and changes nothing."""

from __future__ import annotations

from icalendar import Calendar

from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import build_app
from bot.clock import VirtualClock
from bot.port import Core
from bot.settings import Settings
from bot.storage.database import Database
from tests.commands.support import ok, refused, snapshot
from tests.conftest import START

# Wednesdays at 18:00 UTC from 2026-01-07; the clock starts on Monday 2026-01-05.
WEEKLY = '@hana: /session create "Office hour" 2026-01-07 18:00 every 1 week'


async def _console(settings: Settings, database: Database) -> tuple[Core[object], ConsoleSession]:
    clock = VirtualClock(START)
    app = build_app(settings, clock, database=database.another())
    await app.start()
    console = ConsoleSession(app, clock)
    await console.refresh_timezone()
    await console.attach()
    for line in ("@hana joins", "@hana is host", "@bob joins"):
        await console.say(line)
    await console.say(WEEKLY)
    return app, console


def _cards(records: list[Record]) -> list[str]:
    return [r.text or "" for r in records if r.kind == "post" and "Office hour" in (r.text or "")]


async def test_a_date_two_weeks_ahead_is_skipped_and_the_series_goes_on(
    settings: Settings, any_database: Database
) -> None:
    app, console = await _console(settings, any_database)
    try:
        answer = await ok(console, "@hana: /session cancel 1 2026-01-21")
        assert answer == (
            "Cancelled Office hour on 2026-01-21 (session 2); the series goes on. "
            "Whoever answered Going or Maybe was told."
        )
        assert "2026-01-21" not in await ok(console, "@bob: /session list")
        community = await app.services.communities.ensure(COMMUNITY)
        ics = Calendar.from_ical((await app.services.sessions.calendar(community, 1)).content)
        (master,) = ics.walk("VEVENT")
        assert [d.dt.isoformat() for d in master["EXDATE"].dts] == ["2026-01-21T18:00:00+00:00"]

        first_week = _cards(await console.say("time 2026-01-07 18:01"))
        assert len(first_week) == 1
        assert "2026-01-14 18:00" in first_week[0]  # session 3
        await console.say('@bob presses "Going" on last')
        assert _cards(await console.say("time 2026-01-14 18:01")) == []  # the 21st is skipped
        after_skip = _cards(await console.say("time 2026-01-21 18:01"))
        assert len(after_skip) == 1
        assert "2026-01-28 18:00" in after_skip[0]  # the skipped date's timer made the next
        listed = await ok(console, "@bob: /session list")
        assert "2026-01-28 18:00" in listed
    finally:
        await app.close()


async def test_the_very_next_date_skipped_ahead_is_not_made_when_the_current_one_starts(
    settings: Settings, any_database: Database
) -> None:
    app, console = await _console(settings, any_database)
    try:
        await ok(console, "@hana: /session cancel 1 2026-01-14")
        assert _cards(await console.say("time 2026-01-07 18:01")) == []
        later = _cards(await console.say("time 2026-01-14 18:01"))
        assert len(later) == 1
        assert "2026-01-21 18:00" in later[0]
    finally:
        await app.close()


async def test_a_date_already_made_is_cancelled_by_its_date_and_going_is_told(
    settings: Settings, any_database: Database
) -> None:
    app, console = await _console(settings, any_database)
    try:
        await console.say("time 2026-01-07 18:01")  # session 2 on the 14th is made
        await console.say('@bob presses "Going" on last')
        records = await console.say("@hana: /session cancel 1 2026-01-14")
        told = [r.text for r in records if r.kind == "dm" and r.to == "@bob"]
        assert told == ["Office hour on 2026-01-14 18:00 (UTC), for 1h is cancelled."]
        assert "(session 2)" in (records[-1].text or "")
        assert "already cancelled" in await refused(console, "@hana: /session cancel 2 2026-01-14")
    finally:
        await app.close()


async def test_bad_dates_are_refused_privately_and_change_nothing(console: ConsoleSession) -> None:
    for line in ("@hana joins", "@hana is admin", "@bob joins"):
        await console.say(line)
    await ok(console, "@hana: /setup break 2026-01-26 2026-02-01")
    await console.say(WEEKLY)
    await console.say('@hana: /session create "Once" 2026-01-09 10:00')
    before = await snapshot(console.app)
    assert "has passed" in await refused(console, "@hana: /session cancel 1 2026-01-01")
    not_a_date = await refused(console, "@hana: /session cancel 1 2026-01-15")
    assert not_a_date == (
        "2026-01-15 is not a date of this series; its dates just before it: 2026-01-14. "
        "Nothing was changed."
    )
    on_break = await refused(console, "@hana: /session cancel 1 2026-01-28")
    assert "its dates just before it: 2026-01-14, 2026-01-21" in on_break
    assert "more than a year ahead" in await refused(console, "@hana: /session cancel 1 2027-06-02")
    assert "There is no session 9" in await refused(console, "@hana: /session cancel 9 2026-01-14")
    assert "host level" in await refused(console, "@bob: /session cancel 1 2026-01-14")
    assert "does not repeat" in await refused(console, "@hana: /session cancel 2 2026-01-09")
    assert "Write all, or a date" in await refused(console, "@hana: /session cancel 1 soon")
    assert "not a date on the calendar" in await refused(
        console, "@hana: /session cancel 1 2026-02-31"
    )
    assert await snapshot(console.app) == before
    await console.say("@hana: /session cancel 1 all")
    assert "has ended" in await refused(console, "@hana: /session cancel 1 2026-01-14")
