"""The run of one occurrence: its claim, its job, retries with backoff, and what hosts are told.

`Scheduler` (runner.py) decides when an occurrence is due: it arms, catches up and follows
changes. `OccurrenceRunner` does the occurrence once it is: it asks the ledger to begin it
(unchanged, not paused, claimed by exactly one process), runs the job kind's handler a few
occurrences at a time, retries a platform's fault or anything unexpected with backoff (the
claim's lease extended meanwhile), and records it failed, telling the hosts why, when it keeps
failing or fails in a way a host must fix.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.errors import PlatformError, UserFacingError
from bot.i18n import DEFAULT_LANGUAGE, speaking
from bot.jobs import JobHandler, LanguageOf
from bot.messages import OutboundMessage
from bot.metrics import Metrics
from bot.metrics import OccurrenceOutcome as Counted
from bot.platform import Platform, Platforms
from bot.refs import CommunityRef
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.schedules import ScheduleInfo, ScheduleService
from scheduler import notices
from scheduler.completion import Completion
from scheduler.ledger import CLAIMED, DONE, FAILED, Ledger, Outcome
from scheduler.timers import Timers

log = logging.getLogger(__name__)

CONCURRENT_OCCURRENCES = 8

Rearm = Callable[[int], Awaitable[None]]
"""Arm a schedule again from its row (`Scheduler.rearm`), given its id."""


class OccurrenceRunner:
    """Runs each occurrence handed to it once: claimed, done, retried, or failed and reported."""

    def __init__(
        self,
        *,
        clock: Clock,
        timers: Timers,
        ledger: Ledger,
        schedules: ScheduleService,
        communities: CommunityService,
        platforms: Platforms,
        backoff: Sequence[timedelta],
        metrics: Metrics,
        rearm: Rearm,
    ) -> None:
        """Build the runner; `rearm` re-arms a schedule another process changed meanwhile."""
        self._clock = clock
        self._timers = timers
        self._ledger = ledger
        self._schedules = schedules
        self._communities = communities
        self._platforms = platforms
        self._backoff = tuple(backoff)
        self._metrics = metrics
        self._rearm = rearm
        self._handlers: dict[str, JobHandler] = {}
        self._language_of: LanguageOf | None = None
        # Occurrences due together are claimed together (the ledger batches them), then their
        # work runs a few at a time: enough to overlap round trips, inside the connection pool.
        self._slots = asyncio.Semaphore(CONCURRENT_OCCURRENCES)

    def speak(self, language_of: LanguageOf) -> None:
        """Write each occurrence's posts and notices in its community's language."""
        self._language_of = language_of

    def register(self, kind: str, handler: JobHandler) -> None:
        """Do `handler` for each occurrence of schedules of `kind`."""
        self._handlers[kind] = handler

    async def language(self, community_id: int) -> str:
        """Return the language of a community's posts and of what its hosts are told."""
        if self._language_of is None:
            return DEFAULT_LANGUAGE
        return await self._language_of(community_id)

    async def run(self, info: ScheduleInfo, due: datetime) -> None:
        """Do the occurrence of `info` due at `due`, unless paused or someone else has it.

        An occurrence of a community another process owns (another Discord shard's) is left
        alone: neither claimed nor recorded here, whatever path led to it.
        """
        if not self._platforms.owns(community_of(info)):
            log.debug("%s belongs to another process: left alone", describe(info, due))
            return
        start = await self._ledger.begin(info, due)
        if start.outcome is Outcome.CHANGED:
            await self._rearm(info.id)  # changed by another process since it was armed here
        elif start.outcome is Outcome.TAKEN:
            self._metrics.occurrence(info.kind, Counted.TAKEN)
            await self._watch_other_claim(info, due)
        elif start.outcome is Outcome.PAUSED:
            self._metrics.occurrence(info.kind, Counted.PAUSED)
        elif start.outcome is Outcome.CLAIMED and start.occurrence_id is not None:
            async with self._slots:
                await self._attempt(
                    info, due, start.occurrence_id, attempt=1, resumed=start.resumed
                )

    async def _watch_other_claim(self, info: ScheduleInfo, due: datetime) -> None:
        """Another process holds the claim: look again when its lease ends, in case it died."""
        entry = await self._ledger.entry(info.id, due)
        if entry is None or entry.status != CLAIMED or entry.lease_until is None:
            return

        async def look_again() -> None:
            current = await self._schedules.get(info.id)
            if current is not None:
                await self.run(current, due)

        check_at = entry.lease_until + timedelta(seconds=1)
        self._timers.arm(f"takeover:{info.id}:{due.isoformat()}", check_at, look_again)

    async def _attempt(
        self,
        info: ScheduleInfo,
        due: datetime,
        occurrence_id: int,
        attempt: int,
        resumed: bool = False,
    ) -> None:
        platform = self._platforms.for_community(community_of(info))
        handler = self._handlers.get(info.kind)
        if platform is None or handler is None:
            await self._ledger.finish(occurrence_id, FAILED, "no platform or handler")
            self._metrics.occurrence(info.kind, Counted.FAILED)
            return
        completion = Completion(self._ledger, occurrence_id, again=resumed or attempt > 1)
        with speaking(await self.language(info.community_id)):
            try:
                detail = await handler(info, platform, completion)
            except Exception as error:
                await self._failed(
                    info, due, platform, occurrence_id, attempt, error, completion.recorded
                )
                return
        if not completion.recorded:
            await self._ledger.finish(occurrence_id, DONE, detail)
        self._metrics.occurrence(info.kind, Counted.DONE)

    async def _failed(
        self,
        info: ScheduleInfo,
        due: datetime,
        platform: Platform,
        occurrence_id: int,
        attempt: int,
        error: Exception,
        recorded: bool,
    ) -> None:
        """Fail at once what a host must fix; retry a platform's fault and anything unexpected."""
        if recorded:  # the work committed as done before the error: doing it again would repeat it
            log.error("%s was done, then raised", describe(info, due), exc_info=error)
            self._metrics.occurrence(info.kind, Counted.DONE)
        elif isinstance(error, UserFacingError) and not isinstance(error, PlatformError):
            await self._ledger.finish(occurrence_id, FAILED, str(error))
            self._metrics.occurrence(info.kind, Counted.FAILED)
            post = notices.post_due(info, due, platform)
            await self.tell_hosts(info, platform, notices.did_not_happen(post, str(error)))
        else:
            if not isinstance(error, PlatformError):
                log.error("%s raised unexpectedly", describe(info, due), exc_info=error)
            await self._retry_or_give_up(info, due, platform, occurrence_id, attempt, error)

    async def _retry_or_give_up(
        self,
        info: ScheduleInfo,
        due: datetime,
        platform: Platform,
        occurrence_id: int,
        attempt: int,
        error: Exception,
    ) -> None:
        reason = notices.reason(error)
        if attempt > len(self._backoff):
            log.warning("%s failed %d times; giving up: %s", describe(info, due), attempt, reason)
            await self._ledger.finish(occurrence_id, FAILED, reason)
            self._metrics.occurrence(info.kind, Counted.FAILED)
            post = notices.post_due(info, due, platform)
            await self.tell_hosts(info, platform, notices.given_up(post, attempt, reason))
            return
        retry_at = self._clock.now() + self._backoff[attempt - 1]
        what = describe(info, due)
        log.info("%s failed (%s); retrying at %s", what, reason, retry_at.isoformat())
        self._metrics.occurrence(info.kind, Counted.RETRIED)

        async def retry() -> None:
            await self._attempt(info, due, occurrence_id, attempt + 1)

        # Armed first: a fault that also blocks the ledger (a locked database) must not
        # leave the occurrence claimed with nothing to retry it.
        self._timers.arm(f"retry:{occurrence_id}", retry_at, retry)
        try:
            await self._ledger.extend(occurrence_id, retry_at, attempt)
        except Exception:
            log.exception("could not extend the claim on %s; retrying anyway", describe(info, due))

    async def tell_hosts(self, info: ScheduleInfo, platform: Platform, text: str) -> None:
        """Post `text` to the hosts channel of `info`'s community; log it when there is none."""
        hosts = await self._communities.channel_for(
            info.community_id, info.platform, ChannelPurpose.HOSTS
        )
        if hosts is None:
            log.warning("no hosts channel to tell: %s", text)
            return
        try:
            await platform.post(hosts, OutboundMessage(text))
        except PlatformError as error:
            log.warning("could not tell the hosts (%s): %s", error, text)


def community_of(info: ScheduleInfo) -> CommunityRef:
    """Return the community a schedule belongs to, as `Platforms` knows it."""
    return CommunityRef(info.platform, info.community_external_id)


def describe(info: ScheduleInfo, due: datetime) -> str:
    """Name an occurrence in a log line (English, like every log line)."""
    return f"schedule {info.id} ({info.kind}, channel {info.channel_id}) due {due.isoformat()}"
