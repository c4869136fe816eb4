"""Composition of the participation feature: its services, the nudge sweep, the weekly digest.

Part of the composition root (`app.py` calls these two functions), so it may wire the
scheduler in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.dispatcher import Dispatcher
from bot.events import MemberJoined, MessagePosted
from bot.messages import OutboundMessage
from bot.occurrences import OccurrenceWork
from bot.platform import Platform
from bot.refs import ChannelRef
from bot.services.activity import ActivityService
from bot.services.breaks import BreakService
from bot.services.communities import CommunityService
from bot.services.members import MemberService
from bot.services.nudge_sweep import SWEEP_INTERVAL, NudgePolicy, NudgeSweep
from bot.services.nudges import NudgeLedger
from bot.services.participation import ParticipationService
from bot.services.quiet import JoinPairing, QuietService, pairing_not_available
from bot.services.schedules import ScheduleInfo
from bot.services.stats import DIGEST_SCHEDULE, IntroPending, PairingRate, StatsService
from bot.services.stats_text import render
from bot.settings import Settings
from bot.storage.database import Database
from scheduler.runner import Scheduler

NUDGE_SWEEP = "nudges"


@dataclass(frozen=True, slots=True)
class ParticipationServices:
    """The participation feature's services, built once."""

    participation: ParticipationService
    quiet: QuietService
    nudges: NudgeLedger
    stats: StatsService


def build_participation(
    settings: Settings,
    database: Database,
    clock: Clock,
    *,
    join_pairing: JoinPairing = pairing_not_available,
    intro_pending: IntroPending | None = None,
    pairing_rate: PairingRate | None = None,
) -> ParticipationServices:
    """Build the participation services from settings.

    The other features plug in here: buddy pairing's `join_pairing` (for "Pair me with
    someone") and `pairing_rate`, the intros' `intro_pending`; without them those say "not
    available yet".
    """
    nudges = NudgeLedger(database, clock)
    return ParticipationServices(
        participation=ParticipationService(database),
        quiet=QuietService(database, default_days=settings.quiet_days, join_pairing=join_pairing),
        nudges=nudges,
        stats=StatsService(
            database, nudges, intro_pending=intro_pending, pairing_rate=pairing_rate
        ),
    )


def nudge_policy(settings: Settings) -> NudgePolicy:
    """Return the nudge policy the settings describe."""
    return NudgePolicy(
        quiet_days=settings.quiet_days,
        cooldown=timedelta(days=settings.nudge_cooldown_days),
        rate=settings.nudge_rate,
    )


def wire_participation(
    *,
    settings: Settings,
    database: Database,
    clock: Clock,
    scheduler: Scheduler,
    dispatcher: Dispatcher,
    parts: ParticipationServices,
    activity: ActivityService,
    breaks: BreakService,
    communities: CommunityService,
    members: MemberService,
) -> NudgeSweep:
    """Register the hourly nudge sweep, the digest job and the bot marking; return the sweep."""
    sweep = NudgeSweep(
        database, activity, breaks, parts.quiet, parts.nudges, nudge_policy(settings)
    )
    scheduler.every(NUDGE_SWEEP, SWEEP_INTERVAL, sweep.run, sweep.next_due)
    scheduler.register(DIGEST_SCHEDULE, _DigestJob(parts.stats, clock).post)
    dispatcher.subscribe(MemberJoined, _BotMarker(parts.participation, communities, members).joined)
    dispatcher.subscribe(MessagePosted, _NudgeWaker(scheduler).posted)
    return sweep


class _NudgeWaker:
    """A post waits in memory (activity is written in batches): it may start a new quiet spell,
    so it tells a nudge sweep that skipped ahead to look again (see scheduler/sweeps.py)."""

    def __init__(self, scheduler: Scheduler) -> None:
        self._scheduler = scheduler

    async def posted(self, _event: MessagePosted, _platform: Platform) -> None:
        self._scheduler.wake(NUDGE_SWEEP)


class _DigestJob:
    """A digest schedule's occurrence: post the figures to the schedule's channel (hosts)."""

    def __init__(self, stats: StatsService, clock: Clock) -> None:
        self._stats = stats
        self._clock = clock

    async def post(self, info: ScheduleInfo, platform: Platform, done: OccurrenceWork) -> str:
        figures = await self._stats.figures(info.community_id, self._clock.now())
        text = render(figures, "📊 Weekly participation digest")
        channel = ChannelRef(info.platform, info.channel_id)
        message = await done.post(platform, channel, OutboundMessage(text))
        return f"posted {message.id}"


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
