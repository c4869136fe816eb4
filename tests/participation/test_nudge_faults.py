"""Nudges and platform faults: a transient failure is tried again by a later sweep, a refusal
(DMs closed) is recorded as such and not retried, a nudge whose answer was lost but which was
delivered is not sent twice, and the digest counts them all. On both databases."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.errors import PlatformError, PlatformRefused
from bot.messages import OutboundMessage
from bot.participation.nudges import NudgeLedger
from bot.participation.stats import StatsService
from bot.participation.stats_text import render
from bot.refs import MessageRef, UserRef
from bot.shared.communities import CommunityService
from bot.storage.database import Database
from tests.conftest import COMMUNITY
from tests.participation.test_fan_out import (
    DAYTIME,
    MEMBERS,
    nudged,
    quiet_community,
    statuses,
    sweep_on,
)
from tests.serving import every_community


class Faulty(ConsolePlatform):
    """The console platform; DMs to the members in `faults` fail once, in the given way:
    `transient` before delivery (a 503), `refused` for good (DMs closed), `lost` after the
    DM was delivered (the connection dropped before the answer)."""

    def __init__(self, world: ConsoleWorld, records: list[Record], faults: dict[str, str]) -> None:
        super().__init__(world, records.append)
        self.faults = faults

    async def direct_message(
        self, user: UserRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        fault = self.faults.pop(user.id, None)
        if fault == "transient":
            raise PlatformError("could not send: Discord had a server error (503)", retryable=True)
        if fault == "refused":
            raise PlatformRefused("I could not send a direct message: their DMs are closed.")
        sent = await super().direct_message(user, message, key=key)
        if fault == "lost":
            raise PlatformError("could not send: the connection was dropped", retryable=True)
        return sent


async def sweep_twice(database: Database, faults: dict[str, str]) -> list[Record]:
    """Sweep with the faults at 11:00, then sweep again (no faults left) at 12:00."""
    clock = VirtualClock(DAYTIME)
    await quiet_community(database, clock)
    records: list[Record] = []
    platform = Faulty(ConsoleWorld(clock), records, faults)
    await sweep_on(database, clock).run(await every_community(database, platform), DAYTIME)
    await clock.advance_to(DAYTIME + timedelta(hours=1))
    await sweep_on(database, clock).run(await every_community(database, platform), clock.now())
    return records


async def test_a_transient_failure_is_tried_again_by_the_next_sweep(
    any_database: Database,
) -> None:
    records = await sweep_twice(any_database, {"m03": "transient"})
    assert nudged(records) == Counter({f"@m{n:02}": 1 for n in range(MEMBERS)})
    assert await statuses(any_database) == {"sent": MEMBERS}


async def test_a_refusal_is_recorded_and_not_tried_again(any_database: Database) -> None:
    records = await sweep_twice(any_database, {"m03": "refused"})
    assert "@m03" not in nudged(records)
    assert await statuses(any_database) == {"sent": MEMBERS - 1, "refused": 1}


async def test_a_delivered_nudge_whose_answer_was_lost_is_not_sent_twice(
    any_database: Database,
) -> None:
    records = await sweep_twice(any_database, {"m03": "lost"})
    assert nudged(records)["@m03"] == 1
    assert await statuses(any_database) == {"sent": MEMBERS}


async def test_the_digest_counts_nudges_to_try_again_and_refused(any_database: Database) -> None:
    clock = VirtualClock(DAYTIME)
    await quiet_community(any_database, clock)
    platform = Faulty(ConsoleWorld(clock), [], {"m01": "transient", "m02": "refused"})
    await sweep_on(any_database, clock).run(await every_community(any_database, platform), DAYTIME)
    community_id = await CommunityService(any_database, clock, "UTC").ensure(COMMUNITY)
    stats = StatsService(any_database, NudgeLedger(any_database, clock))
    text = render(await stats.figures(community_id, clock.now()), "Digest")
    expected = f"Quiet-member nudges (30 days): {MEMBERS - 2} sent, 1 to try again, 1 refused"
    assert expected in text
