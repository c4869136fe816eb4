"""Wires participation into the core: quiet members, nudges, stats and the weekly digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bot.cohorts import CohortService
from bot.events import MemberJoined, MessagePosted
from bot.jobs import JobBoard
from bot.participation.jobs import DigestJob, DigestSection
from bot.participation.nudge_sweep import SWEEP_INTERVAL, NudgePolicy, NudgeSweep
from bot.participation.nudges import NudgeLedger
from bot.participation.quiet import JoinPairing, QuietService, pairing_not_available
from bot.participation.service import ParticipationService
from bot.participation.stats import (
    DIGEST_SCHEDULE,
    IntroPending,
    PairingRate,
    SessionTurnout,
    StatsService,
)
from bot.platform import Platform
from bot.settings import Settings
from bot.shared.communities import CommunityService
from bot.shared.core import (
    Activity,
    Budgets,
    Calendar,
    Communities,
    Counting,
    Events,
    Jobs,
    Kernel,
    Languages,
    Members,
)
from bot.shared.members import MemberService

NUDGE_SWEEP = "nudges"


@dataclass(frozen=True, slots=True)
class ParticipationServices:
    """The participation feature's services, built once."""

    participation: ParticipationService
    quiet: QuietService
    nudges: NudgeLedger
    stats: StatsService


class ParticipationUses(
    Kernel,
    Events,
    Jobs,
    Communities,
    Members,
    Calendar,
    Activity,
    Counting,
    Budgets,
    Languages,
    Protocol,
):
    """What participation uses of the shared core."""


def wire(
    core: ParticipationUses,
    *,
    join_pairing: JoinPairing = pairing_not_available,
    intro_pending: IntroPending | None = None,
    pairing_rate: PairingRate | None = None,
    session_turnout: SessionTurnout | None = None,
    cohorts: CohortService | None = None,
    digest_sections: tuple[DigestSection, ...] = (),
) -> ParticipationServices:
    """Build the services, register the nudge sweep and the digest, mark bots; return them.

    The other features plug in here: buddy pairing's `join_pairing` (for "Pair me with
    someone") and `pairing_rate`, the intros' `intro_pending`, the sessions' `session_turnout`;
    without them those say "not available yet". `cohorts` lets a cohort's digest count its
    members; `digest_sections` add other features' lines to the digest (the week's
    announcements, thanks).
    """
    database = core.database
    nudges = NudgeLedger(database, core.clock)
    parts = ParticipationServices(
        participation=ParticipationService(database),
        quiet=QuietService(
            database, default_days=core.settings.quiet_days, join_pairing=join_pairing
        ),
        nudges=nudges,
        stats=StatsService(
            database,
            nudges,
            intro_pending=intro_pending,
            pairing_rate=pairing_rate,
            session_turnout=session_turnout,
        ),
    )
    _register_nudge_sweep(core, parts)
    digest = DigestJob(parts.stats, core.clock, core.breaks, cohorts, digest_sections)
    core.jobs.register(DIGEST_SCHEDULE, digest.post)
    marker = _BotMarker(parts.participation, core.communities, core.members)
    core.dispatcher.subscribe(MemberJoined, marker.joined)
    core.dispatcher.subscribe(MessagePosted, _NudgeWaker(core.jobs).posted)
    return parts


def _register_nudge_sweep(core: ParticipationUses, parts: ParticipationServices) -> None:
    """Register the sweep that nudges quiet members, within the shared budget of DMs."""
    sweep = NudgeSweep(
        core.database,
        core.activity,
        core.breaks,
        parts.quiet,
        parts.nudges,
        nudge_policy(core.settings),
        core.metrics,
        core.dm_budget,
        languages=core.languages,
    )
    core.jobs.every(NUDGE_SWEEP, SWEEP_INTERVAL, sweep.run, sweep.next_due)


def nudge_policy(settings: Settings) -> NudgePolicy:
    """Return the nudge policy the settings describe (`COHORT_NUDGE_RATE` is the rate of the
    shared budget of direct messages, `Shared.dm_budget`)."""
    return NudgePolicy(cooldown=timedelta(days=settings.nudge_cooldown_days))


class _BotMarker:
    """Remembers which members are bots (from their join), so they are never nudged or counted."""

    def __init__(
        self,
        participation: ParticipationService,
        communities: CommunityService,
        members: MemberService,
    ) -> None:
        self._participation = participation
        self._communities = communities
        self._members = members

    async def joined(self, event: MemberJoined, _platform: Platform) -> None:
        if not event.actor.is_bot:
            return
        community_id = await self._communities.ensure(event.community)
        member_id = await self._members.find_id(community_id, event.actor.user.id)
        await self._participation.mark_bot(community_id, member_id)


class _NudgeWaker:
    """A post waits in memory (activity is written in batches): it may start a new quiet spell,
    so it tells a nudge sweep that skipped ahead to look again (see scheduler/sweeps.py)."""

    def __init__(self, jobs: JobBoard) -> None:
        self._jobs = jobs

    async def posted(self, _event: MessagePosted, _platform: Platform) -> None:
        self._jobs.wake(NUDGE_SWEEP)
