"""What every `/topic` command shares: the services, the scope it applies to, week pins."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.clock import Clock
from bot.cohorts import CohortInfo, CohortService, Term
from bot.cohorts.scope import Scope
from bot.errors import UserFacingError
from bot.host_requests import HostRequestService
from bot.i18n import _
from bot.refs import ChannelRef
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleService
from bot.topics import TopicService, WeekPin
from commands.context import Context, SuggestContext
from commands.scoping import scope_of
from commands.spec import Suggestion
from commands.suggest import containing

LEADING_WEEK = re.compile(r"\s*week\s+(-?[0-9]{1,9})\s*:\s*(.*)", re.IGNORECASE | re.DOTALL)
"""`/topic add week 3: <text>`: a leading `week N:` pins the new topic to week N."""


@dataclass(frozen=True, slots=True)
class TopicServices:
    """What the topic commands use."""

    topics: TopicService
    schedules: ScheduleService
    breaks: BreakService
    communities: CommunityService
    cohorts: CohortService
    host_requests: HostRequestService
    clock: Clock


TopicContext = Context[TopicServices]


async def scope_here(context: TopicContext, channel: ChannelRef | None = None) -> Scope:
    """Return the scope a command applies to: `channel`'s cohort, else where it was typed."""
    return await scope_of(context, context.services.cohorts, channel)


@contextmanager
def saying(scope: Scope) -> Iterator[None]:
    """Let a refusal inside say which cohort it was refused for, as every answer does."""
    try:
        yield
    except UserFacingError as error:
        if scope.cohort is None:
            raise
        raise type(error)(scope.says(str(error))) from error


def read_week(text: str) -> tuple[int | None, str]:
    """Split `week 3: <text>` into the week and the text; other text has no week."""
    found = LEADING_WEEK.fullmatch(text)
    if found is None:
        return None, text
    return int(found.group(1)), found.group(2)


def term_of(scope: Scope) -> tuple[CohortInfo, Term]:
    """Return the scope's cohort and its term; refuse the whole community or a cohort with no
    term, saying how to get one."""
    cohort = scope.cohort
    if cohort is None:
        raise UserFacingError(
            _(
                "Weeks belong to a cohort's term: type this in the cohort's home channel "
                "(see /cohort list)."
            )
        )
    if cohort.term is None:
        raise UserFacingError(
            _(
                "The cohort {name} has no term yet, so it has no weeks: set one with "
                "/cohort term {name} <YYYY-MM-DD> <weeks>."
            ).format(name=cohort.name)
        )
    return cohort, cohort.term


def week_pin(scope: Scope, week: int) -> WeekPin:
    """Return a pin to `week` of the scope's term (checked when it is made)."""
    _cohort, term = term_of(scope)
    return WeekPin(week, term.weeks)


async def topic_numbers(context: SuggestContext[TopicServices], typed: str) -> list[Suggestion]:
    """Suggest topics by number, keeping those whose line contains what was typed.

    Autocomplete is not told where it is typed, so it offers every bank: the community's
    first, then each cohort's, named.
    """
    services = context.services
    names = {cohort.id: cohort.name for cohort in await services.cohorts.all(context.community_id)}
    offered = []
    for cohort_id, topic in await services.topics.every_bank(context.community_id):
        label = f"{topic.id}. {topic.text}"
        if cohort_id is not None:
            label = _("{number}. {text} ({name} cohort)").format(
                number=topic.id, text=topic.text, name=names.get(cohort_id, "?")
            )
        offered.append(Suggestion(label, str(topic.id)))
    return containing(typed, offered)
