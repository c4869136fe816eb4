"""What a feature is wired into: the settings, the shared services, events and scheduled work.

The composition root builds one `Shared` and hands it to each feature's `wire()`, which
subscribes its handlers on `dispatcher`, registers its jobs and sweeps on `jobs` and its forget
hook on `members`. A feature's `wire()` does not take `Shared` itself but the protocol of what it
uses, built from the small ones below (`class TopicsUses(Kernel, Jobs, Members, Protocol)`), so
the type checker keeps each feature to the shared services it declares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.clock import Clock
from bot.dispatcher import Dispatcher
from bot.jobs import JobBoard
from bot.metrics import Metrics
from bot.settings import Settings
from bot.shared.activity import ActivityService
from bot.shared.breaks import BreakService
from bot.shared.budgets import SendBudget
from bot.shared.command_syncs import CommandSyncService
from bot.shared.communities import CommunityService
from bot.shared.deliveries import DeliveryLedger
from bot.shared.guidelines import GuidelinesService
from bot.shared.languages import LanguageService
from bot.shared.members import MemberService
from bot.shared.schedules import ScheduleService
from bot.storage.database import Database


@dataclass(frozen=True, slots=True)
class Shared:
    """The shared services and the two places features plug into (events and jobs)."""

    settings: Settings
    database: Database
    clock: Clock
    dispatcher: Dispatcher
    jobs: JobBoard
    communities: CommunityService
    members: MemberService
    guidelines: GuidelinesService
    schedules: ScheduleService
    breaks: BreakService
    activity: ActivityService
    deliveries: DeliveryLedger
    command_syncs: CommandSyncService
    metrics: Metrics
    dm_budget: SendBudget
    languages: LanguageService


class Kernel(Protocol):
    """The settings, the database and the clock: what every feature uses."""

    @property
    def settings(self) -> Settings: ...

    @property
    def database(self) -> Database: ...

    @property
    def clock(self) -> Clock: ...


class Events(Protocol):
    """Where a feature subscribes its event handlers."""

    @property
    def dispatcher(self) -> Dispatcher: ...


class Jobs(Protocol):
    """Where a feature registers its scheduled jobs and sweeps."""

    @property
    def jobs(self) -> JobBoard: ...


class Communities(Protocol):
    """Communities: find-or-create, time zone, channels by purpose, role levels."""

    @property
    def communities(self) -> CommunityService: ...


class Members(Protocol):
    """Members, their levels, and the forget hooks."""

    @property
    def members(self) -> MemberService: ...


class Guidelines(Protocol):
    """The community's guidelines."""

    @property
    def guidelines(self) -> GuidelinesService: ...


class Calendar(Protocol):
    """Schedules and breaks."""

    @property
    def schedules(self) -> ScheduleService: ...

    @property
    def breaks(self) -> BreakService: ...


class Activity(Protocol):
    """Members' activity, coalesced in memory."""

    @property
    def activity(self) -> ActivityService: ...


class Counting(Protocol):
    """Where a feature counts what it sends (check-ins, reminders), for `/metrics`."""

    @property
    def metrics(self) -> Metrics: ...


class Budgets(Protocol):
    """The rate budget every fan-out of direct messages takes a turn from, shared by every
    process on the database (`COHORT_NUDGE_RATE` a second per platform)."""

    @property
    def dm_budget(self) -> SendBudget: ...


class Languages(Protocol):
    """The community's language and each member's: what a public post and a DM are written in."""

    @property
    def languages(self) -> LanguageService: ...
