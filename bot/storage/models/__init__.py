"""The relational schema, one module per feature. Every change goes through a migration in
`migrations/versions`; importing this package registers every table on `Base.metadata`."""

from __future__ import annotations

from bot.storage.models.announcements import Announcement, AnnouncementRead
from bot.storage.models.base import NAMING_CONVENTION, Base
from bot.storage.models.budgets import RateBudget
from bot.storage.models.cohorts import Cohort, CohortMember, CohortRole
from bot.storage.models.core import (
    ChannelAssignment,
    CommandSync,
    Community,
    Guideline,
    Member,
    MemberInterest,
    RoleLevel,
)
from bot.storage.models.dashboard import DashboardLink, DashboardSession
from bot.storage.models.deliveries import SeenDelivery
from bot.storage.models.host_requests import HostRequest
from bot.storage.models.intros import Intro, Newcomer
from bot.storage.models.moderation import (
    AutomodDomain,
    AutomodExemption,
    AutomodFilter,
    AutomodPattern,
    AutomodTerm,
    ModCase,
    ModerationKey,
    ModFlag,
    ModFlagReporter,
)
from bot.storage.models.pairing import (
    BuddyGroup,
    BuddyGroupMember,
    BuddyOptIn,
    BuddyPair,
    BuddyRound,
)
from bot.storage.models.participation import (
    DailyActivity,
    DailyReactions,
    Nudge,
    Participation,
    Question,
)
from bot.storage.models.peers import FindableMember, PeerGreeting
from bot.storage.models.sessions import (
    SessionAnswer,
    SessionNotice,
    SessionOptOut,
    SessionSeries,
    StudySession,
)
from bot.storage.models.thanks import Thanks, ThanksGiver
from bot.storage.models.topics import Break, Occurrence, Schedule, Topic, TopicPost, TopicResponse

__all__ = [
    "NAMING_CONVENTION",
    "Announcement",
    "AnnouncementRead",
    "AutomodDomain",
    "AutomodExemption",
    "AutomodFilter",
    "AutomodPattern",
    "AutomodTerm",
    "Base",
    "Break",
    "BuddyGroup",
    "BuddyGroupMember",
    "BuddyOptIn",
    "BuddyPair",
    "BuddyRound",
    "ChannelAssignment",
    "Cohort",
    "CohortMember",
    "CohortRole",
    "CommandSync",
    "Community",
    "DailyActivity",
    "DailyReactions",
    "DashboardLink",
    "DashboardSession",
    "FindableMember",
    "Guideline",
    "HostRequest",
    "Intro",
    "Member",
    "MemberInterest",
    "ModCase",
    "ModFlag",
    "ModFlagReporter",
    "ModerationKey",
    "Newcomer",
    "Nudge",
    "Occurrence",
    "Participation",
    "PeerGreeting",
    "Question",
    "RateBudget",
    "RoleLevel",
    "Schedule",
    "SeenDelivery",
    "SessionAnswer",
    "SessionNotice",
    "SessionOptOut",
    "SessionSeries",
    "StudySession",
    "Thanks",
    "ThanksGiver",
    "Topic",
    "TopicPost",
    "TopicResponse",
]
