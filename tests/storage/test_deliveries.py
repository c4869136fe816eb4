"""The delivery ledger: a key is acted on once within five minutes, in any process, then pruned."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from adapters.console.session import ConsoleSession
from bot.app import App
from bot.clock import VirtualClock
from bot.shared.deliveries import KEEP, SWEEP_EVERY, DeliveryLedger
from bot.storage.database import Database
from bot.storage.models import SeenDelivery
from tests.storage.support import count_rows, other_process


@pytest.fixture
def ledger(any_database: Database, clock: VirtualClock) -> DeliveryLedger:
    """The delivery ledger on the test's database."""
    return DeliveryLedger(any_database, clock)


async def test_a_key_is_first_once_then_repeated(ledger: DeliveryLedger) -> None:
    assert await ledger.first_time("slack:event:Ev1")
    assert not await ledger.first_time("slack:event:Ev1")
    assert await ledger.repeated("slack:event:Ev1", "slack:envelope:e2") == {"slack:event:Ev1"}
    assert await ledger.repeated("slack:envelope:e2") == {"slack:envelope:e2"}


async def test_deliveries_arriving_together_are_acted_on_once(ledger: DeliveryLedger) -> None:
    answers = await asyncio.gather(*(ledger.first_time("discord:message:7") for _ in range(5)))

    assert sorted(answers) == [False, False, False, False, True]


async def test_another_process_sees_what_this_one_claimed(
    ledger: DeliveryLedger, any_database: Database, clock: VirtualClock
) -> None:
    async with other_process(any_database) as database:
        other = DeliveryLedger(database, clock)
        firsts = await asyncio.gather(ledger.first_time("k"), other.first_time("k"))
        assert sorted(firsts) == [False, True]
        assert not await other.first_time("k")


async def test_a_key_older_than_the_window_counts_as_new_again(
    ledger: DeliveryLedger, clock: VirtualClock
) -> None:
    await ledger.first_time("slack:trigger:t1")
    await clock.advance_to(clock.now() + KEEP - timedelta(seconds=1))
    assert not await ledger.first_time("slack:trigger:t1")
    await clock.advance_to(clock.now() + timedelta(seconds=2))

    assert await ledger.first_time("slack:trigger:t1")
    assert not await ledger.first_time("slack:trigger:t1")


async def test_pruning_forgets_only_keys_older_than_the_window(
    ledger: DeliveryLedger, any_database: Database, clock: VirtualClock
) -> None:
    await ledger.first_time("old")
    await clock.advance_to(clock.now() + KEEP + timedelta(minutes=1))
    await ledger.first_time("new")

    assert await ledger.prune(clock.now()) == 1
    assert await count_rows(any_database, SeenDelivery.__table__) == 1
    assert not await ledger.first_time("new")


async def test_no_keys_are_never_a_repeat(ledger: DeliveryLedger) -> None:
    assert await ledger.first_time()
    assert await ledger.first_time("")


async def test_the_app_sweeps_old_keys_away(app: App, console: ConsoleSession) -> None:
    deliveries = app.services.deliveries
    await deliveries.first_time("console:check")
    assert await count_rows(app.database, SeenDelivery.__table__) == 1

    await console.clock.advance_to(console.clock.now() + SWEEP_EVERY + KEEP)

    assert await count_rows(app.database, SeenDelivery.__table__) == 0
