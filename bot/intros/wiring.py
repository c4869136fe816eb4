"""Wires the intros feature into the core: the welcome on a join and the intro reminders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.events import MemberJoined
from bot.intros.jobs import INTRO_REMINDER_SWEEP, INTRO_REMINDERS, IntroReminders
from bot.intros.service import IntroService
from bot.intros.welcome import WelcomeService
from bot.platform import Platform
from bot.shared.communities import CommunityService
from bot.shared.core import (
    Budgets,
    Communities,
    Counting,
    Events,
    Guidelines,
    Jobs,
    Kernel,
    Languages,
    Members,
)


@dataclass(frozen=True, slots=True)
class IntroServices:
    """The intros feature's services: the intros themselves and the welcome."""

    intros: IntroService
    welcomes: WelcomeService


class IntrosUses(
    Kernel, Events, Jobs, Communities, Members, Guidelines, Counting, Budgets, Languages, Protocol
):
    """What intros uses of the shared core."""


def wire(core: IntrosUses) -> IntroServices:
    """Build the services, welcome each newcomer, register the reminder sweep; return them."""
    settings = core.settings
    intros = IntroService(
        core.database,
        core.clock,
        communities=core.communities,
        reminder_days=settings.intro_reminder_days,
        metrics=core.metrics,
        budget=core.dm_budget,
        languages=core.languages,
    )
    welcomes = WelcomeService(
        core.database,
        core.clock,
        communities=core.communities,
        members=core.members,
        guidelines=core.guidelines,
        languages=core.languages,
        welcome_in=settings.welcome_in,
    )
    # Subscribed after the core's membership handler, so the member's row exists by now.
    core.dispatcher.subscribe(MemberJoined, _Welcome(core.communities, welcomes).joined)
    if settings.intro_reminder_days > 0:
        reminders = IntroReminders(intros).sweep
        core.jobs.every(INTRO_REMINDERS, INTRO_REMINDER_SWEEP, reminders, intros.next_reminder)
    return IntroServices(intros, welcomes)


class _Welcome:
    """Welcomes a member who joined the community."""

    def __init__(self, communities: CommunityService, welcomes: WelcomeService) -> None:
        self._communities = communities
        self._welcomes = welcomes

    async def joined(self, event: MemberJoined, platform: Platform) -> None:
        if event.channel is not None:  # joining one channel (Slack) is not joining the community
            return
        community_id = await self._communities.ensure(event.community)
        await self._welcomes.member_joined(community_id, event.actor, platform, event.at)
