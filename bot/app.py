"""The composition root: builds settings-driven parts once and passes them down."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock, RealClock, VirtualClock
from bot.dispatcher import Dispatcher
from bot.events import (
    ButtonPressed,
    CommandInvoked,
    FormSubmitted,
    MemberJoined,
    MemberLeft,
    MessagePosted,
)
from bot.participation_wiring import build_participation, wire_participation
from bot.platform import Platform, Platforms
from bot.refs import ChannelRef
from bot.services import Services
from bot.services.activity import ActivityService
from bot.services.breaks import BreakService
from bot.services.command_syncs import CommandSyncService
from bot.services.communities import CommunityService
from bot.services.guidelines import GuidelinesService
from bot.services.members import MemberService
from bot.services.participation import is_question
from bot.services.schedules import ScheduleInfo, ScheduleService
from bot.services.topics import TOPIC_SCHEDULE, RecordHook, TopicService
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
    settings: Settings, clock: Clock | None = None, database: Database | None = None
) -> App:
    """Build the app from settings; `clock` is virtual in the console and tests.

    Tests pass their own `database` (a PostgreSQL schema of their own, for instance).
    """
    clock = clock or RealClock()
    database = database or Database(settings.database_url)
    members = MemberService(database, clock)
    parts = build_participation(settings, database, clock)
    services = Services(
        clock=clock,
        communities=CommunityService(database, clock, settings.timezone),
        members=members,
        guidelines=GuidelinesService(database),
        activity=ActivityService(database, members, settings.activity_flush_seconds),
        command_syncs=CommandSyncService(database, clock),
        schedules=ScheduleService(database, clock),
        breaks=BreakService(database),
        topics=TopicService(database, clock, starters=settings.starter_topics),
        participation=parts.participation,
        quiet=parts.quiet,
        nudges=parts.nudges,
        stats=parts.stats,
    )
    registry = build_registry()
    dispatcher = Dispatcher()
    _subscribe(dispatcher, services, CommandRouter(registry, services))
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
    return App(settings, database, services, registry, dispatcher, Platforms(), scheduler)


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
    )
    scheduler.register(TOPIC_SCHEDULE, _TopicJob(services).post)
    return scheduler


class _TopicJob:
    """A topic schedule's occurrence: post the next topic in the schedule's channel."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def post(self, info: ScheduleInfo, platform: Platform, done: RecordHook) -> str:
        channel = ChannelRef(info.platform, info.channel_id)
        topics = self._services.topics
        posted = await topics.post_next(info.community_id, platform, channel, info.id, done)
        return f"posted {posted.message.id}"


def _subscribe(dispatcher: Dispatcher, services: Services, router: CommandRouter) -> None:
    dispatcher.subscribe(CommandInvoked, router.on_command)
    dispatcher.subscribe(ButtonPressed, router.on_button)
    dispatcher.subscribe(FormSubmitted, router.on_form)
    membership = _Membership(services)
    dispatcher.subscribe(MemberJoined, membership.joined)
    dispatcher.subscribe(MemberLeft, membership.left)
    dispatcher.subscribe(MessagePosted, membership.posted)


class _Membership:
    """Keeps member rows and activity in step with what happens on the platform."""

    def __init__(self, services: Services) -> None:
        self._services = services

    async def joined(self, event: MemberJoined, _platform: Platform) -> None:
        community_id = await self._services.communities.ensure(event.community)
        await self._services.members.record_joined(community_id, event.actor, event.at)

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
