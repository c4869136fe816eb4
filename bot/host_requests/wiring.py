"""Wires host requests into the core: the service and the re-announcement sweep."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from bot.host_requests.service import HostRequestService
from bot.shared.core import Communities, Counting, Jobs, Kernel, Languages

REMINDER_SWEEP = "host-reminders"
REMINDER_EVERY = timedelta(minutes=15)


class HostRequestsUses(Kernel, Jobs, Communities, Counting, Languages, Protocol):
    """What host requests use of the shared core."""


def wire(core: HostRequestsUses) -> HostRequestService:
    """Build the service and register the sweep that re-announces unclaimed cards once.

    No forget hook: a forgotten member's requests go by `ON DELETE CASCADE`, and a host's
    claims lose their name (`SET NULL`).
    """
    requests = HostRequestService(
        core.database,
        core.clock,
        core.communities,
        remind_after=timedelta(hours=core.settings.host_reminder_hours),
        metrics=core.metrics,
        languages=core.languages,
    )
    core.jobs.every(REMINDER_SWEEP, REMINDER_EVERY, requests.remind_sweep, requests.next_reminder)
    return requests
