"""Whether the process is up and each platform it serves is connected (`/healthz`).

The command line names the platforms it will serve (`expect`) before any of them connects;
each adapter reports its connection as the platform tells it (Discord's ready, resumed and
disconnect, Slack's Socket Mode hello and close or its HTTP listener up, the console once it
runs). Healthy means: up, at least one platform expected, and every one connected.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class PlatformState(StrEnum):
    """A platform's connection as last reported."""

    CONNECTING = "connecting"  # expected, not connected yet
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


class Health:
    """The process's state and each platform's connection; adapters report through the port."""

    def __init__(self) -> None:
        self._platforms: dict[str, PlatformState] = {}
        self._up = False

    def expect(self, platforms: Iterable[str]) -> None:
        """Name the platforms this process serves; each is `connecting` until it reports."""
        for name in platforms:
            self._platforms.setdefault(name, PlatformState.CONNECTING)

    def up(self) -> None:
        """Say the process has started (database ready, background work running)."""
        self._up = True

    def stopping(self) -> None:
        """Say the process is shutting down."""
        self._up = False

    def connected(self, platform: str) -> None:
        """Record that `platform` is connected (reported by its adapter)."""
        self._platforms[platform] = PlatformState.CONNECTED

    def disconnected(self, platform: str) -> None:
        """Record that `platform` lost its connection (reported by its adapter)."""
        self._platforms[platform] = PlatformState.DISCONNECTED

    def healthy(self) -> bool:
        """Return whether the process is up and every platform it serves is connected."""
        states = self._platforms.values()
        return self._up and bool(states) and all(s is PlatformState.CONNECTED for s in states)

    def describe(self) -> str:
        """Return one line per platform (`discord: connected`), after the process's state."""
        lines = [f"process: {'up' if self._up else 'starting or stopping'}"]
        lines += [f"{name}: {state.value}" for name, state in sorted(self._platforms.items())]
        return "\n".join(lines) + "\n"
