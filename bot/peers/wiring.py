"""Wires finding peers into the core. It has no events or jobs of its own: its rows go with a
member's row when they are forgotten (the foreign keys cascade)."""

from __future__ import annotations

from typing import Protocol

from bot.peers.service import PeerService
from bot.shared.core import Communities, Kernel


class PeersUses(Kernel, Communities, Protocol):
    """What finding peers uses of the shared core."""


def wire(core: PeersUses) -> PeerService:
    """Build the peer service."""
    return PeerService(core.database, core.clock, core.communities)
