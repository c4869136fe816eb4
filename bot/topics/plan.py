"""A cohort's term week by week: when its topic schedules post, and what they would post.

Pure: built from the term, the community's breaks, the cohort's topic schedules and its bank
as they are now. A post falls where the ledger would let it: in a numbered week of the term, on
a day no break covers. Each week's first post takes the topic pinned to that week, the others
the rotation in turn (the cohort's, else the community's, else the starter prompts), so the
plan says what would be posted if nothing changed; community-wide posts, which also take turns
of the community's bank, are not counted in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import _
from bot.recurrence import WeeklyRule
from bot.shared.breaks import BreakDates
from bot.shared.terms import WEEK, Term, calendar_weeks, last_day
from bot.topics.choice import Source
from bot.topics.starters import starter_topic


@dataclass(frozen=True, slots=True)
class BankState:
    """A cohort's bank as the plan needs it."""

    rotation: Sequence[str]
    """The unpinned topics, in the order they post."""
    pins: dict[int, tuple[int, str]]
    """week -> (topic number, text)."""
    community: Sequence[str]
    """The community's rotation: the fallback of an empty cohort rotation."""
    starter_index: int | None
    """The community's next starter prompt (None: starter prompts are off)."""
    posted: dict[int, str] = field(default_factory=dict)
    """week -> the text of its first post, for the weeks that have had one."""


@dataclass(frozen=True, slots=True)
class PlannedPost:
    """One scheduled post: when (local), where, and what it would post (None: nothing)."""

    at: datetime
    channel_id: str
    text: str | None
    source: Source | None


@dataclass(frozen=True, slots=True)
class PlannedWeek:
    """A week of the term from its first day; `number` None for a week wholly on a break."""

    number: int | None
    first_day: date
    posts: tuple[PlannedPost, ...] = ()
    posted: str | None = None
    """What this week already posted first (the current week)."""


@dataclass(frozen=True, slots=True)
class MissedPin:
    """A pin no scheduled post will reach: its week has no post, or lies beyond the term."""

    week: int
    topic_id: int
    text: str
    beyond_term: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """The term from the current week on, with the weeks already over counted."""

    term: Term
    last_day: date
    past_weeks: int
    weeks: tuple[PlannedWeek, ...]
    missed: tuple[MissedPin, ...]


@dataclass(slots=True)
class _Turns:
    """The rotation as the plan walks it: each post takes the next turn."""

    state: BankState
    cohort: int = 0
    community: int = 0
    starters: int = 0

    def next(self) -> tuple[str | None, Source | None]:
        if self.state.rotation:
            self.cohort += 1
            return self.state.rotation[(self.cohort - 1) % len(self.state.rotation)], Source.BANK
        if self.state.community:
            self.community += 1
            shown = self.state.community[(self.community - 1) % len(self.state.community)]
            return shown, Source.COMMUNITY
        if self.state.starter_index is None:
            return None, None
        self.starters += 1
        return _(starter_topic(self.state.starter_index + self.starters - 1)), Source.STARTER


def build_plan(
    term: Term,
    breaks: Sequence[BreakDates],
    rules: Sequence[tuple[str, WeeklyRule]],
    zone: str,
    now: datetime,
    state: BankState,
) -> Plan:
    """Return the term's plan from the week that holds `now` on (`rules`: channel, timing)."""
    local = ZoneInfo(zone)
    today = now.astimezone(local).date()
    ends = last_day(term, breaks)
    turns = _Turns(state)
    weeks: list[PlannedWeek] = []
    placed: set[int] = set()
    past = 0
    for first_day, number in calendar_weeks(term, breaks):
        if first_day + timedelta(days=6) < today:
            past += 1 if number is not None else 0
        elif number is None:
            weeks.append(PlannedWeek(None, first_day))
        else:
            posts = _posts_in(first_day, rules, breaks, local, now)
            weeks.append(_planned(number, first_day, posts, state, turns, placed))
    return Plan(term, ends, past, tuple(weeks), _missed(term, state, placed, past + 1))


def _posts_in(
    first_day: date,
    rules: Sequence[tuple[str, WeeklyRule]],
    breaks: Sequence[BreakDates],
    zone: ZoneInfo,
    now: datetime,
) -> list[tuple[datetime, str]]:
    """Return the week's coming posts (local moment, channel), in time order."""
    start = max(now, datetime.combine(first_day, time(), tzinfo=zone))
    end = datetime.combine(first_day + WEEK, time(), tzinfo=zone) - timedelta(microseconds=1)
    found = []
    for channel_id, rule in rules:
        for due in rule.due_between(start, end):
            at = due.astimezone(zone)
            if not any(one.covers(at.date()) for one in breaks):
                found.append((at, channel_id))
    return sorted(found)


def _planned(
    number: int,
    first_day: date,
    posts: list[tuple[datetime, str]],
    state: BankState,
    turns: _Turns,
    placed: set[int],
) -> PlannedWeek:
    """Return one numbered week: its first post takes its pin, the others the rotation."""
    posted = state.posted.get(number)
    first_taken = posted is not None
    planned = []
    for at, channel_id in posts:
        pin = state.pins.get(number)
        if not first_taken and pin is not None:
            planned.append(PlannedPost(at, channel_id, pin[1], Source.PIN))
            placed.add(number)
        else:
            text, source = turns.next()
            planned.append(PlannedPost(at, channel_id, text, source))
        first_taken = True
    return PlannedWeek(number, first_day, tuple(planned), posted)


def _missed(
    term: Term, state: BankState, placed: set[int], first_coming: int
) -> tuple[MissedPin, ...]:
    """Return the pins of the weeks still to come (or beyond the term) no post will reach."""
    missed = []
    for week, (topic_id, text) in sorted(state.pins.items()):
        if week > term.weeks:
            missed.append(MissedPin(week, topic_id, text, beyond_term=True))
        elif week >= first_coming and week not in placed and week not in state.posted:
            missed.append(MissedPin(week, topic_id, text, beyond_term=False))
    return tuple(missed)
