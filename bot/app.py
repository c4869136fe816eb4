"""The composition root: builds settings-driven parts once and passes them down.

`build_app` constructs the shared services, then wires each feature from one list
(`_wire_features`), then the command surface. It is the only module in `bot/` that imports
`commands/` or `scheduler/`; features reach the scheduler through the `JobBoard` port.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.announcements import AnnouncementService
from bot.announcements import wiring as announcements
from bot.automod import FilterHitCallback
from bot.automod import wiring as automod
from bot.clock import Clock, RealClock, VirtualClock
from bot.cohorts import wiring as cohorts
from bot.dashboard import wiring as dashboard
from bot.dispatcher import Dispatcher
from bot.events import Actor, ButtonPressed, CommandInvoked, Event, FormSubmitted
from bot.exports import wiring as exports
from bot.host_requests import wiring as host_requests
from bot.i18n import language_for
from bot.intros import wiring as intros
from bot.metrics import Health, Metrics
from bot.moderation import wiring as moderation
from bot.pairing import wiring as pairing
from bot.pairing.home import buddies_channel
from bot.participation import wiring as participation
from bot.participation.jobs import DigestScope, DigestSection
from bot.peers import wiring as peers
from bot.platform import EVERY_COMMUNITY, CommunityShare, Platform, Platforms
from bot.refs import ChannelRef, CommunityRef
from bot.services import Services
from bot.sessions import wiring as sessions
from bot.settings import Settings
from bot.shared.activity import ActivityService
from bot.shared.breaks import BreakService
from bot.shared.budgets import SendBudget, WallTime, dm_budget
from bot.shared.command_syncs import CommandSyncService
from bot.shared.communities import CommunityService
from bot.shared.core import Shared
from bot.shared.deliveries import SWEEP as DELIVERY_SWEEP
from bot.shared.deliveries import SWEEP_EVERY as DELIVERY_SWEEP_EVERY
from bot.shared.deliveries import DeliveryLedger
from bot.shared.guidelines import GuidelinesService
from bot.shared.languages import LanguageService, available_languages
from bot.shared.members import MemberService
from bot.shared.membership import Membership
from bot.shared.schedules import ScheduleService
from bot.storage import migrate
from bot.storage.database import Database
from bot.thanks import wiring as thanks
from bot.thanks.wiring import ThanksServices
from bot.topics import wiring as topics
from commands.features import build_registry
from commands.registry import Registry
from commands.router import CommandRouter
from commands.suggest import Suggestion, suggestions
from scheduler.ledger import Ledger
from scheduler.runner import Scheduler
from scheduler.timers import APSchedulerTimers, Timers, VirtualTimers

DEFAULT_SCHEDULE_POLL_SECONDS = 60


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
    metrics: Metrics = field(default_factory=Metrics)
    health: Health = field(default_factory=Health)

    async def start(self) -> None:
        """Bring the database schema up to date and start background work."""
        await migrate.upgrade(self.database)
        self.services.activity.start()
        self.health.up()

    async def attach(self, platform: Platform, share: CommunityShare = EVERY_COMMUNITY) -> None:
        """Serve a running platform's communities (those `share` covers) and start their
        schedules (catching up)."""
        self.platforms.add(platform, share)  # from now on, `platforms` says it serves them
        await self.scheduler.attach(platform)

    async def close(self) -> None:
        """Stop scheduling, write what is buffered, finish reads under way, close the database."""
        self.health.stopping()
        try:
            await self.scheduler.stop()
            await self.services.activity.close()
            await self.services.automod.reloaded()  # a reload started in the background
        finally:
            await self.database.close()

    # The adapters' port (`bot.port.Core`): what a platform's adapter may ask of the core.

    @property
    def deliveries(self) -> DeliveryLedger:
        """The ledger that makes each platform delivery act once."""
        return self.services.deliveries

    @property
    def command_syncs(self) -> CommandSyncService:
        """What each command-sync scope last received."""
        return self.services.command_syncs

    async def dispatch(self, event: Event, platform: Platform) -> None:
        """Act on one event that arrived on `platform`."""
        await self.dispatcher.dispatch(event, platform)

    async def suggest(
        self, community: CommunityRef, actor: Actor, path: str, option: str, typed: str
    ) -> list[Suggestion]:
        """Return what to offer for `option` of command `path` while `typed` is being typed."""
        return await suggestions(
            self.registry, self.services, community, actor, path, option, typed
        )

    async def buddies_channel(self, community: CommunityRef) -> ChannelRef | None:
        """Return the channel where the community's buddy groups meet, if one is set."""
        return await buddies_channel(self.services.communities, community)

    async def community_timezone(self, community: CommunityRef) -> str:
        """Return the community's IANA time zone name."""
        communities = self.services.communities
        return await communities.timezone(await communities.ensure(community))


def build_app(
    settings: Settings,
    clock: Clock | None = None,
    database: Database | None = None,
    on_filter_hit: FilterHitCallback | None = None,
    metrics: Metrics | None = None,
    wall_time: WallTime | None = None,
) -> App:
    """Build the app from settings; `clock` is virtual in the console and tests.

    Tests pass their own `database` (a PostgreSQL schema of their own, for instance) and may
    pass `on_filter_hit`, what is done with each automatic filter hit (default: the flag
    queue acts on it and posts a card). `metrics`: where the app counts (default: a new
    `Metrics`, on a registry of its own). `wall_time`: the real time the shared rate budgets
    read and wait for (default: the system's).
    """
    clock = clock or RealClock()
    database = database or Database(settings.database_url)
    metrics = metrics or Metrics()
    platforms = Platforms()
    communities = CommunityService(database, clock, settings.timezone)
    schedules = ScheduleService(database, clock)
    scheduler = _scheduler(settings, database, clock, schedules, communities, platforms, metrics)
    budget = dm_budget(database, settings.nudge_rate, wall_time)
    core = _core(settings, database, clock, scheduler, communities, schedules, metrics, budget)
    services = _wire_features(core, on_filter_hit)
    registry = build_registry(services)
    _route_commands(core.dispatcher, CommandRouter(registry, services, metrics))
    parts = (settings, database, services, registry, core.dispatcher, platforms, scheduler, clock)
    return App(*parts, metrics)


def _core(
    settings: Settings,
    database: Database,
    clock: Clock,
    scheduler: Scheduler,
    communities: CommunityService,
    schedules: ScheduleService,
    metrics: Metrics,
    dm_budget: SendBudget,
) -> Shared:
    """Build the shared services and subscribe the core's own handlers and sweep."""
    members = MemberService(database, clock)
    languages = LanguageService(database, default=settings.language)

    async def community_language(community: CommunityRef) -> str:
        # Read only: an event naming a server with no row yet (a DM press naming one the bot
        # does not share with the member) creates none; it is read in the default language.
        community_id = await communities.find(community)
        if community_id is None:
            return language_for(community=settings.language, available=available_languages())
        return await languages.community(community_id)

    core = Shared(
        settings=settings,
        database=database,
        clock=clock,
        dispatcher=Dispatcher(metrics, language_of=community_language),
        jobs=scheduler,
        communities=communities,
        members=members,
        guidelines=GuidelinesService(database),
        schedules=schedules,
        breaks=BreakService(database),
        activity=ActivityService(
            database, members, settings.activity_flush_seconds, metrics=metrics
        ),
        deliveries=DeliveryLedger(database, clock),
        command_syncs=CommandSyncService(database, clock),
        metrics=metrics,
        dm_budget=dm_budget,
        languages=languages,
    )
    Membership(communities, members, core.activity).subscribe(core.dispatcher)
    scheduler.speak(languages.community)
    deliveries = core.deliveries
    scheduler.every(DELIVERY_SWEEP, DELIVERY_SWEEP_EVERY, deliveries.sweep, deliveries.next_prune)
    return core


def _wire_features(core: Shared, on_filter_hit: FilterHitCallback | None) -> Services:
    """Wire every feature, in this order: each may use what the ones before it offer.

    The order is also the order of their handlers for the same event (a join is welcomed
    before a bot is marked; a post is counted before it is screened).
    """
    community_life = _wire_community_life(core)
    flag_intake = community_life["flag_intake"]
    return Services(
        **_shared_services(core),
        **community_life,
        host_requests=host_requests.wire(core),
        dashboard=dashboard.wire(core),
        exports=exports.wire(core),
        automod=automod.wire(core, on_filter_hit=on_filter_hit or flag_intake.on_filter_hit),
    )


def _wire_community_life(core: Shared) -> dict[str, Any]:
    """Wire the features of a community's life, from cohorts to participation, in order;
    return their services by their names in `Services`."""
    cohort_service = cohorts.wire(core)
    topic_service = topics.wire(core)
    intro_services = intros.wire(core)
    pairing_service = pairing.wire(
        core,
        topics=topic_service,
        cohorts=cohort_service,
        intro_texts=intro_services.intros.texts,
    )
    moderation_services = moderation.wire(core)
    peer_service = peers.wire(core)
    thanks_services = thanks.wire(core)
    announcement_service = announcements.wire(core, cohorts=cohort_service)
    session_services = sessions.wire(core, cohorts=cohort_service)
    participation_services = participation.wire(
        core,
        join_pairing=pairing_service.join_and_describe,
        intro_pending=intro_services.intros.count_pending,
        pairing_rate=pairing_service.meeting_rate,
        session_turnout=session_services.sessions.turnout,
        cohorts=cohort_service,
        digest_sections=_digest_sections(announcement_service, thanks_services),
    )
    return {
        "cohorts": cohort_service,
        "topics": topic_service,
        "welcomes": intro_services.welcomes,
        "intros": intro_services.intros,
        "pairing": pairing_service,
        "moderation": moderation_services.moderation,
        "flags": moderation_services.flags,
        "flag_intake": moderation_services.flag_intake,
        "participation": participation_services.participation,
        "quiet": participation_services.quiet,
        "nudges": participation_services.nudges,
        "stats": participation_services.stats,
        "peers": peer_service,
        "thanks": thanks_services.thanks,
        "announcements": announcement_service,
        "sessions": session_services.sessions,
        "session_changes": session_services.changes,
    }


def _shared_services(core: Shared) -> dict[str, Any]:
    """Return the services the shared core builds, by their names in `Services`."""
    return {
        "clock": core.clock,
        "communities": core.communities,
        "members": core.members,
        "guidelines": core.guidelines,
        "activity": core.activity,
        "command_syncs": core.command_syncs,
        "schedules": core.schedules,
        "breaks": core.breaks,
        "deliveries": core.deliveries,
        "languages": core.languages,
    }


def _digest_sections(
    announced: AnnouncementService, thanked: ThanksServices
) -> tuple[DigestSection, ...]:
    """Return the other features' lines under the participation digest: the week's
    announcements with their read counts, then thanks given and received."""

    async def announcements_of(about: DigestScope) -> list[str]:
        return await announced.digest_lines(about.community_id, about.cohort_id)

    async def thanks_of(about: DigestScope) -> list[str]:
        return await thanked.digest.lines(about.community_id, about.now, about.members)

    return (announcements_of, thanks_of)


def _route_commands(dispatcher: Dispatcher, router: CommandRouter) -> None:
    dispatcher.subscribe(CommandInvoked, router.on_command)
    dispatcher.subscribe(ButtonPressed, router.on_button)
    dispatcher.subscribe(FormSubmitted, router.on_form)


def _schedule_poll(settings: Settings, virtual: bool) -> timedelta | None:
    """Return how often to look for other processes' schedule changes, if at all.

    Unset, the real clock polls every minute; the virtual clock (the console, one process, whose
    `time +7d` would otherwise run ten thousand polls) does not.
    """
    seconds = settings.schedule_poll_seconds
    if seconds is None:
        seconds = 0 if virtual else DEFAULT_SCHEDULE_POLL_SECONDS
    return timedelta(seconds=seconds) if seconds > 0 else None


def _scheduler(
    settings: Settings,
    database: Database,
    clock: Clock,
    schedules: ScheduleService,
    communities: CommunityService,
    platforms: Platforms,
    metrics: Metrics,
) -> Scheduler:
    """Build the scheduler, the `JobBoard` the features register their work on."""
    virtual = isinstance(clock, VirtualClock)
    timers: Timers = (
        VirtualTimers(clock) if isinstance(clock, VirtualClock) else APSchedulerTimers()
    )
    return Scheduler(
        clock=clock,
        timers=timers,
        ledger=Ledger(database, clock, timedelta(seconds=settings.schedule_lease_seconds)),
        schedules=schedules,
        communities=communities,
        platforms=platforms,
        grace=timedelta(hours=settings.schedule_grace_hours),
        poll=_schedule_poll(settings, virtual),
        metrics=metrics,
    )
