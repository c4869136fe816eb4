"""The core as an adapter sees it: the one narrow port every adapter is typed against.

An adapter translates its platform's payloads into events and hands them to `Core.dispatch`;
it never reaches into the services. `App` (in `bot/app.py`) implements this port; the console's
session, the Discord client and the Slack listeners take any `Core`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol, TypeVar

from bot.clock import Clock
from bot.events import Actor, Event
from bot.metrics import ErrorKind
from bot.platform import EVERY_COMMUNITY, CommunityShare, Platform
from bot.refs import ChannelRef, CommunityRef

Commands_co = TypeVar("Commands_co", covariant=True)


class Suggested(Protocol):
    """One value offered while an option is being typed (autocomplete)."""

    @property
    def label(self) -> str:
        """What the person reads."""
        ...

    @property
    def value(self) -> str:
        """What is filled in."""
        ...


class Deliveries(Protocol):
    """The delivery ledger: was a platform's delivery, named by its keys, seen before?"""

    async def first_time(self, *keys: str) -> bool:
        """Record `keys` as seen; return whether none of them had been."""
        ...

    async def repeated(self, *keys: str) -> frozenset[str]:
        """Record `keys` as seen; return those that had been."""
        ...


class CommandSyncs(Protocol):
    """The digest of the command set each scope last received (Discord's command sync)."""

    async def digest(self, scope: str) -> str | None:
        """Return the digest `scope` last received, if any."""
        ...

    async def record(self, scope: str, digest: str) -> None:
        """Remember that `scope` now has the command set `digest` names."""
        ...


class ConnectionReports(Protocol):
    """Where an adapter reports its platform's connection, for `/healthz`."""

    def connected(self, platform: str) -> None:
        """Record that `platform` is connected."""
        ...

    def disconnected(self, platform: str) -> None:
        """Record that `platform` lost its connection."""
        ...


class PlatformCounts(Protocol):
    """Where an adapter counts its platform's failed and retried calls, for `/metrics`."""

    def platform_error(self, platform: str, kind: ErrorKind) -> None:
        """Count one failed call to `platform`."""
        ...

    def platform_retry(self, platform: str) -> None:
        """Count one call to `platform` that is being retried."""
        ...


class Core(Protocol[Commands_co]):
    """What an adapter may ask of the core.

    `Commands_co` is the command registry an adapter renders (Discord's application commands);
    the core hands it on without reading it, so `bot/` needs no import of `commands/`.
    Adapters write `Core[Registry]` when they render commands, `Core[object]` otherwise.
    """

    @property
    def clock(self) -> Clock:
        """The clock the core runs on (virtual in the console and tests)."""
        ...

    @property
    def registry(self) -> Commands_co:
        """Every command the core offers, for platforms that list them natively."""
        ...

    @property
    def deliveries(self) -> Deliveries:
        """The ledger that makes each platform delivery act once."""
        ...

    @property
    def command_syncs(self) -> CommandSyncs:
        """What each command-sync scope last received."""
        ...

    @property
    def health(self) -> ConnectionReports:
        """Where the adapter reports its connection."""
        ...

    @property
    def metrics(self) -> PlatformCounts:
        """Where the adapter counts its platform's failed and retried calls."""
        ...

    async def attach(self, platform: Platform, share: CommunityShare = EVERY_COMMUNITY) -> None:
        """Register a running platform and start its scheduled work.

        `share`: the platform's communities this process serves (a Discord process running
        some of the shards serves their servers only); every one by default.
        """
        ...

    async def dispatch(self, event: Event, platform: Platform) -> None:
        """Act on one event that arrived on `platform`."""
        ...

    async def suggest(
        self, community: CommunityRef, actor: Actor, path: str, option: str, typed: str
    ) -> Sequence[Suggested]:
        """Return what to offer for `option` of command `path` while `typed` is being typed."""
        ...

    async def buddies_channel(self, community: CommunityRef) -> ChannelRef | None:
        """Return the channel where the community's buddy groups meet, if one is set."""
        ...

    async def community_timezone(self, community: CommunityRef) -> str:
        """Return the community's IANA time zone name."""
        ...


class CoreOpener(Protocol):
    """Opens the core for a platform's set-up command, and closes it afterwards.

    `started=False` gives a core whose database is never opened: enough to read its registry
    (`cohort slack manifest` works before any database exists).
    """

    def __call__(self, *, started: bool = True) -> AbstractAsyncContextManager[Core[Any]]:
        """Open the core (started: schema upgraded, background work running)."""
        ...
