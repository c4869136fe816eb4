"""The port through which a feature registers its scheduled work, without importing the scheduler.

A feature's `wire()` receives a `JobBoard` (the composition root passes the scheduler, which
satisfies it) and registers two kinds of work on it:

- a job per schedule kind (`register`): done once for each occurrence of every schedule row of
  that kind (a topic post, a buddy round, a digest), exactly once across processes;
- a sweep (`every`): run every so often for each platform this process serves, to do what has
  fallen due (reminders, check-ins, nudges) in the communities it serves there (`Served`); a
  sweep claims what it acts on itself, only in those communities;
- a one-shot timer (`once`): work due at one moment (a session's reminder), armed in memory by
  stable id and re-armed from the feature's rows when a platform attaches (`on_attach`); the
  work claims what it does, since every process that read the rows armed it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from bot.occurrences import OccurrenceWork
from bot.platform import Platform
from bot.serving import Served
from bot.shared.schedules import ScheduleInfo

JobHandler = Callable[[ScheduleInfo, Platform, OccurrenceWork], Awaitable[str | None]]
LanguageOf = Callable[[int], Awaitable[str]]
"""The language of a community's public posts, by its row id."""
"""Does one occurrence's work and returns a note for the ledger.

A UserFacingError (not a PlatformError) fails the occurrence at once, for a host to fix;
anything else it raises is retried with backoff.

A handler that records its work in a transaction calls the hook inside it, so the work and
"done" commit together; otherwise the scheduler closes the occurrence after the handler. A
handler posts through the hook's `post`, so a retry or a takeover never posts twice."""

SweepHandler = Callable[[Served, datetime], Awaitable[None]]
"""Does what has fallen due by the given moment in the communities this process serves of one
platform (`Served`: their ids, to find and claim work in, and the platform bound to each)."""

OnceHandler = Callable[[], Awaitable[None]]
"""Does one timer's work; it claims what it acts on (another process may have armed it too)."""

AttachHandler = Callable[[Served, datetime], Awaitable[None]]
"""Arms a feature's one-shot timers from its rows for the communities now served (`Served`)."""

NextDue = Callable[[Served, datetime], Awaitable[datetime | None]]
"""Returns the earliest moment a sweep may have work in the served communities, as the
database stands at the given moment (None: nothing pending). Earlier than the truth is always
safe (a run finds nothing and asks again); later never is, unless whatever changes it is a
write or a `wake`."""


class JobBoard(Protocol):
    """Where features register their scheduled work (the scheduler implements it)."""

    def register(self, kind: str, handler: JobHandler) -> None:
        """Do `handler` for each occurrence of schedules of `kind`."""
        ...

    def every(
        self,
        name: str,
        interval: timedelta,
        handler: SweepHandler,
        next_due: NextDue | None = None,
    ) -> None:
        """Run the sweep `handler` every `interval` for each platform served here.

        `next_due` says when it next has work: where that is safe (one process, the virtual
        clock) runs with nothing to do are skipped. Work added without a committed write must
        `wake` the sweep.
        """
        ...

    def wake(self, name: str) -> None:
        """Tell sweep `name` that work was added without a write."""
        ...

    def once(self, job_id: str, due: datetime, handler: OnceHandler) -> None:
        """Run `handler` once at `due` (at once if past), replacing what `job_id` was armed for."""
        ...

    def forget(self, job_id: str) -> None:
        """Disarm the one-shot timer `job_id`, if armed."""
        ...

    def on_attach(self, handler: AttachHandler) -> None:
        """Call `handler` each time a platform starts being served here (after a restart too)."""
        ...
