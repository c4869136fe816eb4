"""The one intro reminder, on the virtual clock: sent once N days after joining, not to members
who introduced themselves or left, held back during a term break, and sent once by two
processes sharing one database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.app import build_app
from bot.clock import VirtualClock
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import Newcomer
from tests.conftest import START
from tests.console.test_session import say_all
from tests.scheduler.test_exactly_once import process


def reminders(records: list[Record]) -> list[tuple[str | list[str] | None, datetime]]:
    return [(r.to, r.at) for r in records if r.kind == "dm" and "only reminder" in (r.text or "")]


async def test_the_reminder_comes_once_after_three_days(console: ConsoleSession) -> None:
    records = await say_all(console, "@alice joins", "time +71h")
    assert reminders(records) == []
    records = await say_all(console, "time +1h", "time +30d")
    assert reminders(records) == [("@alice", START + timedelta(days=3))]


async def test_no_reminder_for_members_who_introduced_themselves_or_left(
    console: ConsoleSession,
) -> None:
    records = await say_all(
        console,
        "@alice joins",
        "@bob joins",
        "@carl joins",
        "@alice: /intro Hi, I'm Alice",
        "@bob leaves",
        "time +5d",
    )
    assert [to for to, _ in reminders(records)] == ["@carl"]


async def test_members_known_before_intros_and_rejoiners_are_not_reminded_again(
    console: ConsoleSession,
) -> None:
    records = await say_all(console, "@old: hello", "@alice joins", "time +4d")
    assert [to for to, _ in reminders(records)] == ["@alice"]
    # Leaving and joining again starts no second reminder.
    records = await say_all(console, "@alice leaves", "time +8d", "@alice joins", "time +5d")
    assert reminders(records) == []


async def test_reminders_wait_for_the_end_of_a_break(console: ConsoleSession) -> None:
    records = await say_all(
        console,
        "@hana is admin",
        "@hana: /setup break 2026-01-07 2026-01-10",
        "@alice joins",
        "time +10d",
    )
    # Due on Thursday 8 January, during the break: sent when it ends, at midnight on the 11th.
    assert reminders(records) == [("@alice", datetime(2026, 1, 11, tzinfo=UTC))]


async def test_no_reminders_when_switched_off(settings: Settings, clock: VirtualClock) -> None:
    app = build_app(settings.model_copy(update={"intro_reminder_days": 0}), clock)
    await app.start()
    try:
        console = ConsoleSession(app, clock)
        await console.attach()
        records = await say_all(console, "@alice joins", "time +10d")
        assert reminders(records) == []
        assert "Intro reminder: off" in (
            (await say_all(console, "@hana is admin", "@hana: /setup show"))[-1].text or ""
        )
    finally:
        await app.close()


async def test_two_processes_on_one_database_remind_once(
    settings: Settings, any_database: Database
) -> None:
    async with (
        process(settings, any_database, START) as first,
        process(settings, any_database, START) as second,
    ):
        await first.console.say("@alice joins")
        await first.console.say("@bob joins")
        moment = (START + timedelta(days=4)).isoformat(" ")[:16]
        both = await asyncio.gather(
            first.console.say(f"time {moment}"), second.console.say(f"time {moment}")
        )
        sent = reminders(both[0]) + reminders(both[1])
        assert sorted(to for to, _ in sent) == ["@alice", "@bob"]  # each once, from either
    async with any_database.session() as session:
        rows = (await session.execute(select(Newcomer.reminded_at))).scalars().all()
    assert rows == [START + timedelta(days=3)] * 2


async def test_a_reminder_claimed_by_a_process_that_died_is_sent_after_its_lease(
    settings: Settings, any_database: Database
) -> None:
    async with process(settings, any_database, START) as first:
        await first.console.say("@alice joins")
    due = START + timedelta(days=3)
    async with any_database.session() as session, session.begin():
        # A process claimed the reminder at the moment it fell due, then died before sending.
        newcomer = (await session.execute(select(Newcomer))).scalar_one()
        newcomer.reminder_lease_until = due + timedelta(minutes=10)
    async with process(settings, any_database, due - timedelta(minutes=1)) as second:
        records = await second.console.say("time +2h")
    assert reminders(records) == [("@alice", due + timedelta(hours=1))]
