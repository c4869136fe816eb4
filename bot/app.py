"""The composition root: builds settings-driven parts once and passes them down."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock, RealClock, VirtualClock
from bot.dispatcher import Dispatcher
from bot.events import (
    ButtonPressed,
    CommandInvoked,
    FormSubmitted,
    MemberJoined,
    MemberLeft,
    MessageEdited,
    MessageFlagged,
    MessagePosted,
    MessageReported,
)
from bot.occurrences import OccurrenceWork
from bot.participation_wiring import build_participation, wire_participation
from bot.platform import Platform, Platforms
from bot.refs import ChannelRef, CommunityRef
from bot.services import Services
from bot.services.activity import ActivityService
from bot.services.automod import (
    AutomodService,
    FilterHitCallback,
    ScreenMessages,
)
from bot.services.breaks import BreakService
from bot.services.command_syncs import CommandSyncService
from bot.services.communities import CommunityService
from bot.services.deliveries import SWEEP as DELIVERY_SWEEP
from bot.services.deliveries import SWEEP_EVERY as DELIVERY_SWEEP_EVERY
from bot.services.deliveries import DeliveryLedger
from bot.services.guidelines import GuidelinesService
from bot.services.intros import IntroService
from bot.services.members import MemberService
from bot.services.moderation.actions import ModerationService
from bot.services.moderation.forget import ForgetCases
from bot.services.moderation.intake import FlagIntake
from bot.services.moderation.ladder import parse_ladder
from bot.services.moderation.queue import FlagQueue
from bot.services.pairing.forget import forget_conversations
from bot.services.pairing.service import (
    CHECKIN_SWEEP,
    CHECKIN_SWEEP_INTERVAL,
    PAIRING_SCHEDULE,
    PairingService,
)
from bot.services.participation import is_question
from bot.services.schedules import ScheduleInfo, ScheduleService
from bot.services.topics import TOPIC_SCHEDULE, TopicService, forget_suggestions
from bot.services.welcome import WelcomeService
from bot.settings import Settings
from bot.storage import migrate
from bot.storage.database import Database
from commands.features import build_registry
from commands.registry import Registry
from commands.router import CommandRouter
from scheduler.ledger import Ledger
from scheduler.runner import LEASE, Scheduler
from scheduler.timers import APSchedulerTimers, Timers, VirtualTimers

log = logging.getLogger(__name__)

INTRO_REMINDERS = "intro-reminders"
INTRO_REMINDER_SWEEP = timedelta(hours=1)
REANNOUNCE_SWEEP = timedelta(minutes=15)
DEFAULT_SCHEDULE_POLL_SECONDS = 60
SPENT_HASH_SWEEP = timedelta(days=1)


@dataclass
class App:
    """Everything one bot process runs on; adapters receive it and dispatch events into it."""

    settings: Settings
    database: Database
    services: Services
    registry: Registry
    dispatcher: Dispatcher
    platforms: Platforms
    scheduler: Scheduler
    clock: Clock

    async def start(self) -> None:
        """Bring the database schema up to date and start background work."""
        await migrate.upgrade(self.database)
        self.services.activity.start()

    async def attach(self, platform: Platform) -> None:
        """Register a running platform and start its schedules (catching up on missed ones)."""
        self.platforms.add(platform)
        await self.scheduler.attach(platform)

    async def close(self) -> None:
        """Stop scheduling, write what is buffered, and close the database."""
        try:
            await self.scheduler.stop()
            await self.services.activity.close()
        finally:
            await self.database.close()


def build_app(
    settings: Settings,
    clock: Clock | None = None,
    database: Database | None = None,
    on_filter_hit: FilterHitCallback | None = None,
) -> App:
    """Build the app from settings; `clock` is virtual in the console and tests.

    Tests pass their own `database` (a PostgreSQL schema of their own, for instance) and may
    pass `on_filter_hit`, what is done with each automatic filter hit (default: the flag
    queue acts on it and posts a card).
    """
    clock = clock or RealClock()
    database = database or Database(settings.database_url)
    members = MemberService(database, clock)
    communities = CommunityService(database, clock, settings.timezone)
    guidelines = GuidelinesService(database)
    schedules = ScheduleService(database, clock)
    breaks = BreakService(database)
    topics = TopicService(database, clock, starters=settings.starter_topics)
    intros = IntroService(
        database, clock, communities=communities, reminder_days=settings.intro_reminder_days
    )
    moderation = _moderation(settings, database, clock, members, communities, guidelines)
    flags = FlagQueue(
        database,
        clock,
        communities,
        moderation,
        anonymous_reports=settings.anonymous_reports,
        reannounce_after=timedelta(hours=settings.flag_reannounce_hours),
    )
    pairing = PairingService(
        database,
        clock,
        communities=communities,
        schedules=schedules,
        breaks=breaks,
        topics=topics,
        intro_texts=intros.texts,
    )
    members.add_forget_hook(forget_suggestions)
    members.add_forget_hook(forget_conversations)
    parts = build_participation(
        settings,
        database,
        clock,
        join_pairing=pairing.join_and_describe,
        intro_pending=intros.count_pending,
        pairing_rate=pairing.meeting_rate,
    )
    services = Services(
        clock=clock,
        communities=communities,
        members=members,
        guidelines=guidelines,
        activity=ActivityService(database, members, settings.activity_flush_seconds),
        command_syncs=CommandSyncService(database, clock),
        schedules=schedules,
        breaks=breaks,
        topics=topics,
        welcomes=WelcomeService(
            database,
            clock,
            communities=communities,
            members=members,
            guidelines=guidelines,
            welcome_in=settings.welcome_in,
        ),
        intros=intros,
        pairing=pairing,
        moderation=moderation,
        flags=flags,
        flag_intake=FlagIntake(communities, members, moderation, flags),
        automod=AutomodService(database, clock, settings.automod_cache_seconds),
        participation=parts.participation,
        quiet=parts.quiet,
        nudges=parts.nudges,
        stats=parts.stats,
        deliveries=DeliveryLedger(database, clock),
    )
    services.communities.watch_levels(services.automod.invalidate)
    services.members.watch_levels(services.automod.invalidate)
    registry = build_registry()
    dispatcher = Dispatcher()
    # What happens to a filter hit is a constructor argument: wiring moderation is one line.
    screening = ScreenMessages(
        services.communities, services.automod, on_filter_hit or services.flag_intake.on_filter_hit
    )
    _subscribe(dispatcher, services, CommandRouter(registry, services), screening)
    scheduler = _scheduler(settings, services, database)
    wire_participation(
        settings=settings,
        database=database,
        clock=clock,
        scheduler=scheduler,
        dispatcher=dispatcher,
        parts=parts,
        activity=services.activity,
        breaks=services.breaks,
        communities=services.communities,
        members=members,
    )
    return App(settings, database, services, registry, dispatcher, Platforms(), scheduler, clock)


def _schedule_poll(settings: Settings, virtual: bool) -> timedelta | None:
    """Return how often to look for other processes' schedule changes, if at all.

    Unset, the real clock polls every minute; the virtual clock (the console, one process, whose
    `time +7d` would otherwise run ten thousand polls) does not.
    """
    seconds = settings.schedule_poll_seconds
    if seconds is None:
        seconds = 0 if virtual else DEFAULT_SCHEDULE_POLL_SECONDS
    return timedelta(seconds=seconds) if seconds > 0 else None


def _scheduler(settings: Settings, services: Services, database: Database) -> Scheduler:
    clock = services.clock
    timers: Timers = (
        VirtualTimers(clock) if isinstance(clock, VirtualClock) else APSchedulerTimers()
    )
    scheduler = Scheduler(
        clock=clock,
        timers=timers,
        ledger=Ledger(database, clock, LEASE),
        schedules=services.schedules,
        communities=services.communities,
        grace=timedelta(hours=settings.schedule_grace_hours),
        poll=_schedule_poll(settings, isinstance(clock, VirtualClock)),
    )
    scheduler.register(TOPIC_SCHEDULE, _TopicJob(services).post)
    if settings.intro_reminder_days > 0:
        reminders = _IntroReminders(services).sweep
        next_reminder = services.intros.next_reminder
        scheduler.every(INTRO_REMINDERS, INTRO_REMINDER_SWEEP, reminders, next_reminder)
    scheduler.register(PAIRING_SCHEDULE, _PairingJob(services).run)
    checkins, flags, moderation = services.pairing.checkins, services.flags, services.moderation
    scheduler.every(CHECKIN_SWEEP, CHECKIN_SWEEP_INTERVAL, checkins.sweep, checkins.next_due)
    scheduler.every(
        "flag-reannounce", REANNOUNCE_SWEEP, flags.reannounce_sweep, flags.next_reannouncement
    )
    deliveries = services.deliveries
    scheduler.every(DELIVERY_SWEEP, DELIVERY_SWEEP_EVERY, deliveries.sweep, deliveries.next_prune)
    scheduler.every(
        "spent-hashes", SPENT_HASH_SWEEP, moderation.spent_hashes_sweep, moderation.next_spent_hash
    )
    return scheduler


class _IntroReminders:
    """The hourly sweep that sends each newcomer's one reminder to introduce themselves."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def sweep(self, platform: Platform, due: datetime) -> None:
        sent = await self._services.intros.remind_due(platform, due)
        if sent:
            log.info("sent %d intro reminder(s) on %s", sent, platform.name)


def _moderation(
    settings: Settings,
    database: Database,
    clock: Clock,
    members: MemberService,
    communities: CommunityService,
    guidelines: GuidelinesService,
) -> ModerationService:
    members.add_forget_hook(ForgetCases(clock))
    return ModerationService(
        database,
        clock,
        members,
        communities,
        guidelines,
        warning_expiry=timedelta(days=settings.warning_expiry_days),
        ladder=parse_ladder(settings.warning_ladder),
    )


class _TopicJob:
    """A topic schedule's occurrence: post the next topic in the schedule's channel."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def post(self, info: ScheduleInfo, platform: Platform, done: OccurrenceWork) -> str:
        channel = ChannelRef(info.platform, info.channel_id)
        topics = self._services.topics
        posted = await topics.post_next(info.community_id, platform, channel, info.id, done)
        return f"posted {posted.message.id}"


class _PairingJob:
    """A pairing schedule's occurrence: run a buddy round in the schedule's community."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def run(self, info: ScheduleInfo, platform: Platform, done: OccurrenceWork) -> str:
        community = CommunityRef(info.platform, info.community_external_id)
        result = await self._services.pairing.run_round(
            info.community_id,
            platform,
            community,
            schedule_id=info.id,
            interval=timedelta(weeks=info.rule.every_weeks),
            done=done,
        )
        return f"round {result.number}: {result.groups} groups"


def _subscribe(
    dispatcher: Dispatcher, services: Services, router: CommandRouter, screening: ScreenMessages
) -> None:
    dispatcher.subscribe(CommandInvoked, router.on_command)
    dispatcher.subscribe(ButtonPressed, router.on_button)
    dispatcher.subscribe(FormSubmitted, router.on_form)
    membership = _Membership(services)
    dispatcher.subscribe(MemberJoined, membership.joined)
    # After the membership handler, so the member's row exists when they are welcomed.
    dispatcher.subscribe(MemberJoined, membership.welcome)
    dispatcher.subscribe(MemberLeft, membership.left)
    dispatcher.subscribe(MessagePosted, membership.posted)
    dispatcher.subscribe(MessageReported, services.flag_intake.on_report)
    dispatcher.subscribe(MessageFlagged, services.flag_intake.on_automod)
    dispatcher.subscribe(MessagePosted, screening.posted)
    dispatcher.subscribe(MessageEdited, screening.edited)  # after the member row is kept


class _Membership:
    """Keeps member rows and activity in step with what happens on the platform."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def joined(self, event: MemberJoined, _platform: Platform) -> None:
        community_id = await self._services.communities.ensure(event.community)
        # Joining one channel (Slack) is not joining the community: an earlier join time stays.
        channel_only = event.channel is not None
        members = self._services.members
        await members.record_joined(community_id, event.actor, event.at, first_only=channel_only)

    async def welcome(self, event: MemberJoined, platform: Platform) -> None:
        if event.channel is not None:  # joining one channel (Slack) is not joining the community
            return
        community_id = await self._services.communities.ensure(event.community)
        await self._services.welcomes.member_joined(community_id, event.actor, platform, event.at)

    async def left(self, event: MemberLeft, _platform: Platform) -> None:
        community_id = await self._services.communities.ensure(event.community)
        await self._services.members.record_left(community_id, event.actor, event.at)

    async def posted(self, event: MessagePosted, _platform: Platform) -> None:
        if event.actor.is_bot:
            return
        community_id = await self._services.communities.ensure(event.community)
        await self._services.activity.record(
            community_id,
            event.actor,
            event.at,
            reply_to=event.thread_root,
            message=event.message,
            question=is_question(event),
        )
