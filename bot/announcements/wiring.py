"""Wires announcements into the core: the service (its digest lines go to participation)."""

from __future__ import annotations

from typing import Protocol

from bot.announcements.service import AnnouncementService
from bot.cohorts import CohortService
from bot.shared.core import Communities, Kernel, Languages


class AnnouncementsUses(Kernel, Communities, Languages, Protocol):
    """What announcements use of the shared core."""


def wire(core: AnnouncementsUses, *, cohorts: CohortService) -> AnnouncementService:
    """Build the announcement service.

    No forget hook: a forgotten member's reads go by `ON DELETE CASCADE`, and an announcement
    they wrote stays the community's, without its author (`SET NULL`).
    """
    return AnnouncementService(core.database, core.clock, core.communities, cohorts, core.languages)
