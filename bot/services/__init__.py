"""The core's services: each feature's logic lives once, here."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.services.activity import ActivityService
from bot.services.automod.service import AutomodService
from bot.services.breaks import BreakService
from bot.services.command_syncs import CommandSyncService
from bot.services.communities import CommunityService
from bot.services.deliveries import DeliveryLedger
from bot.services.guidelines import GuidelinesService
from bot.services.intros import IntroService
from bot.services.members import MemberService
from bot.services.moderation.actions import ModerationService
from bot.services.moderation.intake import FlagIntake
from bot.services.moderation.queue import FlagQueue
from bot.services.nudges import NudgeLedger
from bot.services.pairing.service import PairingService
from bot.services.participation import ParticipationService
from bot.services.quiet import QuietService
from bot.services.schedules import ScheduleService
from bot.services.stats import StatsService
from bot.services.topics import TopicService
from bot.services.welcome import WelcomeService


@dataclass(frozen=True, slots=True)
class Services:
    """Every service, built once by the composition root and passed down."""

    clock: Clock
    communities: CommunityService
    members: MemberService
    guidelines: GuidelinesService
    activity: ActivityService
    command_syncs: CommandSyncService
    schedules: ScheduleService
    breaks: BreakService
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
    deliveries: DeliveryLedger
