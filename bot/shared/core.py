"""What a feature is wired into: the settings, the shared services, events and scheduled work.

The composition root builds one `Shared` and hands it to each feature's `wire()`, which takes the
pieces it needs from it: it subscribes its handlers on `dispatcher`, registers its jobs and
sweeps on `jobs` and its forget hook on `members`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.dispatcher import Dispatcher
from bot.jobs import JobBoard
from bot.settings import Settings
from bot.shared.activity import ActivityService
from bot.shared.breaks import BreakService
from bot.shared.command_syncs import CommandSyncService
from bot.shared.communities import CommunityService
from bot.shared.deliveries import DeliveryLedger
from bot.shared.guidelines import GuidelinesService
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
