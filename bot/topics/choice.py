"""Which topic comes next, for a community's bank or a cohort's: pure, from one snapshot.

A bank's rotation is its unpinned topics, least used and then oldest first. In a cohort's
numbered week N, the week's first post takes the topic pinned to week N (when there is one);
every other post takes the next of the rotation. A cohort whose rotation is empty falls back to
the community's, then to the starter prompts (unless they are off), as the community does.
Posts wanted in the same moment take successive turns, so they do not all post one topic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.shared.breaks import BreakDates
from bot.shared.terms import Term, week_of
from bot.topics.starters import STARTER_TOPICS, starter_topic

BankKey = tuple[int, int | None]
"""A bank: its community and its cohort (None: the community's own bank)."""


class Source(StrEnum):
    """Where a next topic comes from."""

    BANK = "bank"  # the scope's own rotation
    PIN = "pin"  # the topic pinned to this week of the cohort's term
    COMMUNITY = "community"  # a cohort's rotation is empty: the community's bank
    STARTER = "starter"  # every bank is empty: a starter prompt


@dataclass(frozen=True, slots=True)
class Wanted:
    """A topic wanted for a bank at a moment (the moment says which week of a term it is)."""

    community_id: int
    cohort_id: int | None
    at: datetime


@dataclass(frozen=True, slots=True)
class NextTopic:
    """The topic that would be posted next: from a bank (`topic_id`) or a starter prompt.

    `week` is the cohort's week number at that moment (None: no cohort, no term, or not a
    numbered week).
    """

    text: str
    topic_id: int | None
    starter_index: int | None
    week: int | None = None
    source: Source = Source.BANK


@dataclass(frozen=True, slots=True)
class Pinned:
    """A topic pinned to a week of a cohort's term."""

    topic_id: int
    text: str


@dataclass(slots=True)
class Snapshot:
    """What choosing needs, read in one go for every bank of a batch."""

    rotations: dict[BankKey, list[tuple[int, str]]] = field(default_factory=dict)
    """Each bank's first unpinned topics (id, text), in posting order."""
    starters: dict[int, int] = field(default_factory=dict)
    """Each community's next starter prompt's index."""
    zones: dict[int, str] = field(default_factory=dict)
    terms: dict[int, Term] = field(default_factory=dict)
    breaks: dict[int, tuple[BreakDates, ...]] = field(default_factory=dict)
    pins: dict[tuple[int, int], Pinned] = field(default_factory=dict)
    """(cohort, week) -> the topic pinned there."""
    posted_weeks: set[tuple[int, int]] = field(default_factory=set)
    """(cohort, week) pairs that have had a post already."""

    def week(self, wanted: Wanted) -> int | None:
        """Return the cohort's week number at the wanted moment, if it is a numbered week."""
        if wanted.cohort_id is None or wanted.cohort_id not in self.terms:
            return None
        zone = ZoneInfo(self.zones[wanted.community_id])
        day = wanted.at.astimezone(zone).date()
        term = self.terms[wanted.cohort_id]
        return week_of(term, self.breaks.get(wanted.community_id, ()), day).number


def choose(snapshot: Snapshot, wanted: Sequence[Wanted], starters: bool) -> list[NextTopic | None]:
    """Return the next topic for each wanted post, in order (None: nothing to post)."""
    turns: Counter[BankKey] = Counter()
    starter_turns: Counter[int] = Counter()
    first_posts_taken = set(snapshot.posted_weeks)
    chosen: list[NextTopic | None] = []
    for one in wanted:
        week = snapshot.week(one)
        slot = None if one.cohort_id is None or week is None else (one.cohort_id, week)
        if slot is not None and slot not in first_posts_taken:
            first_posts_taken.add(slot)  # the week's first post, pinned or not
            pin = snapshot.pins.get(slot)
            if pin is not None:
                chosen.append(NextTopic(pin.text, pin.topic_id, None, week, Source.PIN))
                continue
        chosen.append(_turn(snapshot, one, week, turns, starter_turns, starters))
    return chosen


def _turn(
    snapshot: Snapshot,
    wanted: Wanted,
    week: int | None,
    turns: Counter[BankKey],
    starter_turns: Counter[int],
    starters: bool,
) -> NextTopic | None:
    """Take the next turn of the scope's rotation, else the community's, else a starter."""
    banks: list[tuple[BankKey, Source]] = [((wanted.community_id, wanted.cohort_id), Source.BANK)]
    if wanted.cohort_id is not None:
        banks.append(((wanted.community_id, None), Source.COMMUNITY))
    for key, source in banks:
        rotation = snapshot.rotations.get(key)
        if rotation:
            topic_id, text = rotation[turns[key] % len(rotation)]
            turns[key] += 1
            return NextTopic(text, topic_id, None, week, source)
    if not starters:
        return None
    community = wanted.community_id
    index = snapshot.starters[community] + starter_turns[community]
    starter_turns[community] += 1
    return NextTopic(starter_topic(index), None, index % len(STARTER_TOPICS), week, Source.STARTER)
