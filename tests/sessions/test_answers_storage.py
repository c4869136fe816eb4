"""Answers pressed in the same moment share one transaction (SQLite and PostgreSQL): the last
press of a member wins, and each press counts the write as its own."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import timedelta

from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import build_app
from bot.clock import VirtualClock
from bot.sessions import Answer, store
from bot.sessions.answers import AnswerWriter
from bot.sessions.model import Counts
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.writes import WriteCount, counting_writes
from tests.conftest import START


async def _counted(write: Awaitable[None]) -> WriteCount:
    with counting_writes() as count:
        await write
    return count


async def test_presses_of_one_moment_are_one_transaction_and_the_last_press_wins(
    settings: Settings, any_database: Database
) -> None:
    clock = VirtualClock(START)
    app = build_app(settings, clock, database=any_database.another())
    await app.start()
    try:
        console = ConsoleSession(app, clock)
        await console.attach()
        for line in ("@hana joins", "@hana is host", "@bob joins", "@cai joins"):
            await console.say(line)
        await console.say('@hana: /session create "Office hour" 2026-01-07 18:00')
        community = await app.services.communities.ensure(COMMUNITY)
        bob, cai = [await app.services.members.find_id(community, name) for name in ("bob", "cai")]
        commits: list[None] = []
        any_database.on_write(lambda: commits.append(None))
        writer = AnswerWriter(any_database)
        at = clock.now()

        def press(member: int, answer: Answer, later: int) -> asyncio.Task[WriteCount]:
            moment = at + timedelta(seconds=later)
            return asyncio.create_task(_counted(writer.record(1, member, answer, moment)))

        counted = await asyncio.gather(
            press(bob, Answer.GOING, 0), press(cai, Answer.MAYBE, 1), press(bob, Answer.NO, 2)
        )
        assert len(commits) == 1
        assert [count.committed for count in counted] == [1, 1, 1]
        async with any_database.reading() as connection:
            assert await store.counts(connection, 1) == Counts(going=0, maybe=1, no=1)
            assert await store.answer_of(connection, 1, bob) == Answer.NO
    finally:
        await app.close()
