"""Two bot processes on one database nudge within one shared budget of direct messages.

Each "process" is an app of its own (its own engine) serving the same console community on one
virtual clock, so both nudge sweeps run at 11:00 and split the quiet members between them by
their claims. Both take their turns from the one `rate_budgets` row for the console's direct
messages; `SteppedTime` records when each turn was granted. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.world import ConsoleWorld
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.events import Actor
from bot.refs import UserRef
from bot.settings import Settings
from bot.storage.database import Database
from tests.conftest import COMMUNITY, START
from tests.wall_time import SteppedTime, most_in_any_window

QUIET = 30
DAYTIME = START.replace(hour=11)


@asynccontextmanager
async def process(
    settings: Settings, database: Database, clock: VirtualClock, time: SteppedTime
) -> AsyncIterator[App]:
    """A bot process with its own engine, reading and waiting on the shared `time`."""
    app = build_app(settings, clock, database=database.another(), wall_time=time)
    await app.start()
    try:
        yield app
    finally:
        await app.close()


async def quiet_members(app: App) -> None:
    """QUIET members who joined three weeks ago and never posted."""
    community_id = await app.services.communities.ensure(COMMUNITY)
    for number in range(QUIET):
        actor = Actor(UserRef("console", f"m{number:02}"), f"Member {number}")
        await app.services.members.record_joined(community_id, actor, START - timedelta(days=21))


async def test_two_processes_nudging_together_stay_within_one_budget(
    settings: Settings, any_database: Database
) -> None:
    clock = VirtualClock(START)
    time = SteppedTime()
    records: list[Record] = []
    world = ConsoleWorld(clock)
    async with AsyncExitStack() as stack:
        apps = [
            await stack.enter_async_context(process(settings, any_database, clock, time))
            for _ in range(2)
        ]
        await quiet_members(apps[0])
        for app in apps:
            await app.attach(ConsolePlatform(world, records.append))
        await clock.advance_to(DAYTIME)

    nudged = Counter(str(record.to) for record in records if record.kind == "dm")
    assert nudged == Counter({f"@m{number:02}": 1 for number in range(QUIET)})
    rate = settings.nudge_rate
    burst = int(rate)
    assert len(time.grants) >= QUIET
    for window in (1.0, 2.0, 5.0):
        assert most_in_any_window(time.grants, window) <= burst + rate * window
    # The two processes took turns: together they spent as long as one sending alone would.
    assert max(time.grants) - min(time.grants) >= (QUIET - burst) / rate - 1e-6
