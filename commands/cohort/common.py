"""What the cohort commands share: their services, and cohort names as people type them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from bot.cohorts import CohortService
from bot.shared.members import MemberService
from bot.shared.schedules import ScheduleService
from commands.context import Context, SuggestContext
from commands.spec import Suggest, Suggestion
from commands.suggest import containing


@dataclass(frozen=True, slots=True)
class CohortServices:
    """What the cohort commands use."""

    cohorts: CohortService
    members: MemberService
    schedules: ScheduleService


CohortContext = Context[CohortServices]


async def cohort_names(context: SuggestContext[CohortServices], typed: str) -> list[Suggestion]:
    """Suggest the community's cohorts by name, keeping those containing what was typed."""
    cohorts = await context.services.cohorts.all(context.community_id)
    return containing(typed, [Suggestion(cohort.name, cohort.name) for cohort in cohorts])


Name = Annotated[str, "the cohort's name", Suggest(cohort_names)]
