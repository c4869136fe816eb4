"""All the services, collected by the composition root once every feature is wired.

Each feature builds its own services in its `wire()` (`bot/<feature>/wiring.py`); `build_app`
gathers them here, under stable names, for the command layer.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.announcements.service import AnnouncementService
from bot.automod.service import AutomodService
from bot.clock import Clock
from bot.cohorts.service import CohortService
from bot.dashboard.access import DashboardAccess
from bot.exports.service import ExportService
from bot.host_requests.service import HostRequestService
from bot.intros.service import IntroService
from bot.intros.welcome import WelcomeService
from bot.moderation.actions import ModerationService
from bot.moderation.intake import FlagIntake
from bot.moderation.queue import FlagQueue
from bot.pairing.service import PairingService
from bot.participation.nudges import NudgeLedger
from bot.participation.quiet import QuietService
from bot.participation.service import ParticipationService
from bot.participation.stats import StatsService
from bot.peers.service import PeerService
from bot.sessions import SessionChanges, SessionService
from bot.shared.activity import ActivityService
from bot.shared.breaks import BreakService
from bot.shared.command_syncs import CommandSyncService
from bot.shared.communities import CommunityService
from bot.shared.deliveries import DeliveryLedger
from bot.shared.guidelines import GuidelinesService
from bot.shared.languages import LanguageService
from bot.shared.members import MemberService
from bot.shared.schedules import ScheduleService
from bot.thanks.service import ThanksService
from bot.topics.service import TopicService


@dataclass(frozen=True, slots=True)
class Services:
    """Every service, built once (shared ones in `build_app`, the others by their feature)."""

    clock: Clock
    communities: CommunityService
    members: MemberService
    guidelines: GuidelinesService
    activity: ActivityService
    command_syncs: CommandSyncService
    schedules: ScheduleService
    breaks: BreakService
    cohorts: CohortService
    topics: TopicService
    welcomes: WelcomeService
    intros: IntroService
    pairing: PairingService
    moderation: ModerationService
    flags: FlagQueue
    flag_intake: FlagIntake
    automod: AutomodService
    participation: ParticipationService
    quiet: QuietService
    nudges: NudgeLedger
    stats: StatsService
    peers: PeerService
    thanks: ThanksService
    announcements: AnnouncementService
    host_requests: HostRequestService
    deliveries: DeliveryLedger
    languages: LanguageService
    sessions: SessionService
    session_changes: SessionChanges
    dashboard: DashboardAccess
    exports: ExportService
