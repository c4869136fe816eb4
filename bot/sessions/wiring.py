"""Wires sessions into the core: the service, its timers (re-armed on attach) and card edits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bot.cohorts import CohortService
from bot.sessions.changes import SessionChanges
from bot.sessions.reminders import SessionTimers
from bot.sessions.series import SeriesFollower
from bot.sessions.service import SessionService
from bot.shared.core import Calendar, Communities, Jobs, Kernel, Languages, Members


class SessionsUses(Kernel, Jobs, Communities, Members, Calendar, Languages, Protocol):
    """What sessions use of the shared core."""


@dataclass(frozen=True, slots=True)
class SessionServices:
    """What `wire` returns: the rules, and cancelling and moving."""

    sessions: SessionService
    changes: SessionChanges


def wire(core: SessionsUses, *, cohorts: CohortService) -> SessionServices:
    """Build the session services; arm their timers again whenever a platform attaches.

    A forgotten member's answers, notices and opt-out go with them (foreign-key cascades).
    """
    lease = timedelta(seconds=core.settings.schedule_lease_seconds)
    languages = core.languages
    timers = SessionTimers(core.database, core.clock, core.jobs, core.communities, languages, lease)
    sessions = SessionService(
        core.database, core.clock, core.communities, timers, core.jobs, languages
    )
    follower = SeriesFollower(
        core.database, core.clock, sessions, (core.communities, core.breaks), cohorts
    )
    timers.next_occurrence = follower.next_occurrence
    core.jobs.on_attach(timers.rearm)
    changes = SessionChanges(
        core.database, core.clock, core.communities, sessions, follower, languages
    )
    return SessionServices(sessions, changes)
