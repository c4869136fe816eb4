"""The entry point's started app leaves its start-up objects out of the collector's passes."""

from __future__ import annotations

import gc

from bot.cli import _started_app
from bot.settings import Settings


async def test_a_started_process_freezes_what_start_up_made(settings: Settings) -> None:
    gc.unfreeze()
    try:
        async with _started_app(settings):
            assert gc.get_freeze_count() > 10_000  # the libraries and the app, at least
            cycle: list[object] = []
            cycle.append(cycle)
            del cycle
            assert gc.collect() >= 1  # what is made after start is still collected
    finally:
        gc.unfreeze()
