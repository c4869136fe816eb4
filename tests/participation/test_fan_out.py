"""The nudge fan-out: claimed before sending, resumed after a crash, once across processes."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.events import Actor
from bot.messages import OutboundMessage
from bot.participation.nudge_sweep import NudgePolicy, NudgeSweep
from bot.participation.nudges import CLAIM_LEASE, NudgeLedger
from bot.participation.quiet import QuietService
from bot.refs import MessageRef, UserRef
from bot.shared.activity import ActivityService
from bot.shared.breaks import BreakService
from bot.shared.budgets import dm_budget
from bot.shared.communities import CommunityService
from bot.shared.languages import LanguageService
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Nudge
from tests.conftest import COMMUNITY, START
from tests.serving import every_community
from tests.storage.support import other_process

MEMBERS = 12
DAYTIME = START.replace(hour=11)  # 11:00 UTC, the community's zone


class Crash(BaseException):
    """The process dies (not an error the sweep could catch)."""


class CrashingPlatform(ConsolePlatform):
    """A console platform whose process dies on the n-th direct message, before it is sent."""

    def __init__(self, world: ConsoleWorld, records: list[Record], crash_at: int) -> None:
        super().__init__(world, records.append)
        self._left = crash_at

    async def direct_message(
        self, user: UserRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        self._left -= 1
        if self._left == 0:
            raise Crash
        return await super().direct_message(user, message, key=key)


def sweep_on(database: Database, clock: VirtualClock, rate: float = 1000.0) -> NudgeSweep:
    """A nudge sweep as one process builds it, on its own engine."""
    members = MemberService(database, clock)
    return NudgeSweep(
        database,
        ActivityService(database, members),
        BreakService(database),
        QuietService(database),
        NudgeLedger(database, clock),
        NudgePolicy(cooldown=timedelta(days=30)),
        budget=dm_budget(database, rate),
        languages=LanguageService(database),
    )


async def quiet_community(database: Database, clock: VirtualClock) -> None:
    """MEMBERS members who joined three weeks ago and never posted."""
    communities = CommunityService(database, clock, "UTC")
    community_id = await communities.ensure(COMMUNITY)
    members = MemberService(database, clock)
    for number in range(MEMBERS):
        actor = Actor(UserRef("console", f"m{number:02}"), f"Member {number}")
        await members.record_joined(community_id, actor, START - timedelta(days=21))


def nudged(records: list[Record]) -> Counter[str]:
    return Counter(str(r.to) for r in records if r.kind == "dm")


async def statuses(database: Database) -> Counter[str]:
    async with database.session() as session:
        return Counter((await session.execute(select(Nudge.status))).scalars())


async def test_a_crash_mid_fan_out_resumes_without_a_second_nudge(
    any_database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    clock = VirtualClock(DAYTIME)
    await quiet_community(any_database, clock)
    records: list[Record] = []
    world = ConsoleWorld(clock)

    crashing = await every_community(any_database, CrashingPlatform(world, records, 5))
    with pytest.raises(Crash):
        await sweep_on(any_database, clock).run(crashing, DAYTIME)
    assert sum(nudged(records).values()) == 4
    assert await statuses(any_database) == {"sent": 4, "claimed": 1}

    # The restarted process sweeps again an hour later, after the claim's lease ran out.
    await clock.advance_to(DAYTIME + timedelta(hours=1))
    assert timedelta(hours=1) > CLAIM_LEASE
    async with other_process(any_database) as restarted:
        with caplog.at_level(logging.WARNING):
            served = await every_community(restarted, ConsolePlatform(world, records.append))
            await sweep_on(restarted, clock).run(served, clock.now())

    counts = nudged(records)
    assert len(counts) == MEMBERS - 1, "everyone but the one whose send was cut short"
    assert set(counts.values()) == {1}, "nobody is nudged twice"
    assert await statuses(any_database) == {"sent": MEMBERS - 1, "unknown": 1}
    assert "never confirmed sent" in caplog.text


async def test_two_processes_sweeping_together_nudge_each_member_once(
    any_database: Database,
) -> None:
    clock = VirtualClock(DAYTIME)
    await quiet_community(any_database, clock)
    records: list[Record] = []
    world = ConsoleWorld(clock)
    async with other_process(any_database) as second:
        here = await every_community(any_database, ConsolePlatform(world, records.append))
        there = await every_community(second, ConsolePlatform(world, records.append))
        await asyncio.gather(
            sweep_on(any_database, clock).run(here, DAYTIME),
            sweep_on(second, clock).run(there, DAYTIME),
        )
    counts = nudged(records)
    assert len(counts) == MEMBERS
    assert set(counts.values()) == {1}
