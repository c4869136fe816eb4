"""Wires buddy pairing into the core: the round job, the check-in sweep, the forget hook."""

from __future__ import annotations

from typing import Protocol

from bot.cohorts.service import CohortService
from bot.pairing.forget import forget_conversations
from bot.pairing.jobs import PairingJob
from bot.pairing.rounds import IntroTexts, no_intros
from bot.pairing.service import (
    CHECKIN_SWEEP,
    CHECKIN_SWEEP_INTERVAL,
    PAIRING_SCHEDULE,
    PairingService,
)
from bot.shared.core import (
    Budgets,
    Calendar,
    Communities,
    Counting,
    Jobs,
    Kernel,
    Languages,
    Members,
)
from bot.topics.service import TopicService


class PairingUses(
    Kernel, Jobs, Communities, Members, Calendar, Counting, Budgets, Languages, Protocol
):
    """What pairing uses of the shared core."""


def wire(
    core: PairingUses,
    *,
    topics: TopicService,
    cohorts: CohortService,
    intro_texts: IntroTexts = no_intros,
) -> PairingService:
    """Build the pairing service, register its job, sweep and forget hook; return the service.

    `topics` gives each new group a conversation starter; `cohorts` says who is in a cohort
    whose round it is; `intro_texts` (the intros feature's) shows each member the others'
    intros.
    """
    pairing = PairingService(
        core.database,
        core.clock,
        communities=core.communities,
        schedules=core.schedules,
        breaks=core.breaks,
        topics=topics,
        cohorts=cohorts,
        intro_texts=intro_texts,
        metrics=core.metrics,
        budget=core.dm_budget,
        languages=core.languages,
    )
    core.members.add_forget_hook(forget_conversations)
    core.jobs.register(PAIRING_SCHEDULE, PairingJob(pairing).run)
    checkins = pairing.checkins
    core.jobs.every(CHECKIN_SWEEP, CHECKIN_SWEEP_INTERVAL, checkins.sweep, checkins.next_due)
    return pairing
