"""What a person is told when the platform cannot do what they asked: one sentence each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.console.platform import ConsolePlatform
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.errors import UnsupportedOnPlatform
from bot.platform import Capability, require


class _ConsoleWithout(ConsolePlatform):
    """The console platform declaring that it can do nothing, so every refusal is reachable."""

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset()


@pytest.fixture
def platform() -> ConsolePlatform:
    world = ConsoleWorld(VirtualClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC)))
    return _ConsoleWithout(world, lambda _record: None)


@pytest.mark.parametrize("capability", list(Capability), ids=[c.name for c in Capability])
def test_every_missing_capability_is_refused_with_its_own_sentence(
    platform: ConsolePlatform, capability: Capability
) -> None:
    with pytest.raises(UnsupportedOnPlatform) as refused:
        require(platform, capability)
    assert str(refused.value) == f"Console does not support {capability.value} for bots."


def test_a_capability_the_platform_has_is_not_refused() -> None:
    world = ConsoleWorld(VirtualClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC)))
    console = ConsolePlatform(world, lambda _record: None)
    require(console, Capability.BUTTONS)  # the console has buttons: no error
