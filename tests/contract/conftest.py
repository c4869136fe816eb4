"""The `harness` fixture: the contract suite runs once per adapter listed in HARNESSES."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

import pytest

from tests.contract.console_harness import console_harness
from tests.contract.discord_harness import discord_harness
from tests.contract.harness import PlatformHarness
from tests.contract.slack_harness import slack_harness

# Adding an adapter to the contract is one entry: its name and an async context manager that
# starts its platform (and fake server) and yields a PlatformHarness.
HARNESSES: dict[str, Callable[[], AbstractAsyncContextManager[PlatformHarness]]] = {
    "console": console_harness,
    "discord": discord_harness,
    "slack": slack_harness,
}


@pytest.fixture(params=sorted(HARNESSES))
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[PlatformHarness]:
    """Each adapter's platform, connected to what plays its chat server."""
    async with HARNESSES[request.param]() as started:
        yield started
