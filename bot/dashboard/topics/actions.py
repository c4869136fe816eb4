"""The Topics page's changes: each one the service call and level of its chat command.

A form names its `action`, its bank (`bank`: a cohort's id, empty for the community's) and
the topic it acts on; every id is checked with `page.owned()` before anything is read with it.
A change is made as a `Staff` of the signed-in member, at the level the command declares; a
suggestion is decided through `decide_suggestion`, as the card's buttons do. Bad input raises a
`UserFacingError`, shown on the page with nothing changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.cohorts import CohortInfo
from bot.dashboard.pages import PageRequest
from bot.errors import UserFacingError
from bot.host_requests import decide_suggestion
from bot.i18n import _, ngettext
from bot.levels import Level
from bot.staff import Staff, require
from bot.storage.models import Topic
from bot.topics import Pasted, WeekPin

EDITS_TOPICS = Level.HOST
"""The level `/topic add`, `edit`, `remove`, `pin` and `unpin` declare (a test checks it)."""
SHOWN_LINE = 60


@dataclass(frozen=True, slots=True)
class Change:
    """One POST: who makes it, on which bank, with which form."""

    page: PageRequest
    staff: Staff
    cohort: CohortInfo | None

    def field(self, name: str) -> str:
        """Return a form field's text ('' when absent)."""
        assert self.page.form is not None
        value = self.page.form.get(name)
        return value if isinstance(value, str) else ""

    async def topic_id(self) -> int:
        """Return the form's topic id, refused (404) unless it is this community's."""
        return await self.page.owned(Topic, self.field("topic"))

    @property
    def cohort_id(self) -> int | None:
        """Return the bank's cohort id (None: the community's bank)."""
        return None if self.cohort is None else self.cohort.id


Action = Callable[[Change], Awaitable[str]]


def staff_of(page: PageRequest) -> Staff:
    """Return the signed-in member as the services' plain actor, at their level now."""
    member = page.signed_in.member
    return Staff(page.community_id, member.id, member.external_id, member.level)


async def add(change: Change) -> str:
    """`/topic add [week <n>:] <text>`."""
    require(change.staff, EDITS_TOPICS)
    text = _written(change.field("text"))
    week = change.field("week").strip()
    pin = _pin(change.cohort, week) if week else None
    topic = await change.page.services.topics.add(
        change.page.community_id, text, cohort_id=change.cohort_id, pin=pin
    )
    if topic.week is not None:
        return _("Added topic {number}, pinned to week {week}: {text}").format(
            number=topic.id, week=topic.week, text=topic.text
        )
    return _("Added topic {number}: {text}").format(number=topic.id, text=topic.text)


async def paste(change: Change) -> str:
    """Many topics at once, one per line, each by the rules of `/topic add`."""
    require(change.staff, EDITS_TOPICS)
    text = change.field("lines")
    if not text.strip():
        raise UserFacingError(_("Paste one topic per line."))
    pasted = await change.page.services.topics.add_many(
        change.page.community_id, text, cohort_id=change.cohort_id
    )
    return pasted_report(pasted)


async def edit(change: Change) -> str:
    """`/topic edit <n> <text>`."""
    require(change.staff, EDITS_TOPICS)
    topic_id = await change.topic_id()
    edited = await change.page.services.topics.edit(
        change.page.community_id,
        topic_id,
        _written(change.field("text")),
        cohort_id=change.cohort_id,
    )
    return _("Topic {number} now reads: {text} (it read: {before})").format(
        number=topic_id, text=edited.topic.text, before=edited.before
    )


async def remove(change: Change) -> str:
    """`/topic remove <n>`."""
    require(change.staff, EDITS_TOPICS)
    topic_id = await change.topic_id()
    text = await change.page.services.topics.remove(
        change.page.community_id, topic_id, cohort_id=change.cohort_id
    )
    return _("Removed topic {number}: {text}").format(number=topic_id, text=text)


async def pin(change: Change) -> str:
    """`/topic pin <n> <week>`, in the cohort's bank."""
    require(change.staff, EDITS_TOPICS)
    topic_id = await change.topic_id()
    week_pin = _pin(change.cohort, change.field("week"))
    assert change.cohort is not None  # _pin refuses the community's bank
    before = await change.page.services.topics.pin(
        change.page.community_id, change.cohort.id, topic_id, week_pin
    )
    if before.week is None:
        pinned = _("Pinned topic {number} to week {week}: {text}")
    else:
        pinned = _("Moved topic {number}'s pin from week {before} to week {week}: {text}")
    return pinned.format(number=topic_id, week=week_pin.week, before=before.week, text=before.text)


async def unpin(change: Change) -> str:
    """`/topic unpin <n>`, in the cohort's bank."""
    require(change.staff, EDITS_TOPICS)
    topic_id = await change.topic_id()
    if change.cohort is None:
        raise _no_weeks()
    before = await change.page.services.topics.unpin(
        change.page.community_id, change.cohort.id, topic_id
    )
    return _(
        "Topic {number} is no longer pinned to week {week}; it takes its turn with the "
        "others: {text}"
    ).format(number=topic_id, week=before.week, text=before.text)


async def approve(change: Change) -> str:
    """The suggestion card's Approve button."""
    return await _decide(change, approve=True)


async def reject(change: Change) -> str:
    """The suggestion card's Reject button."""
    return await _decide(change, approve=False)


async def _decide(change: Change, *, approve: bool) -> str:
    services = change.page.services
    decision = await decide_suggestion(
        services.topics,
        services.host_requests,
        change.page.signed_in.platform,
        change.staff,
        await change.topic_id(),
        approve=approve,
    )
    answer = _("Suggestion approved: {text}") if approve else _("Suggestion rejected: {text}")
    return answer.format(text=decision.topic.text)


ACTIONS: dict[str, Action] = {
    "add": add,
    "paste": paste,
    "edit": edit,
    "remove": remove,
    "pin": pin,
    "unpin": unpin,
    "approve": approve,
    "reject": reject,
}


def _written(text: str) -> str:
    """Refuse an empty topic in the dashboard's words (the service's name the command)."""
    if not text.strip():
        raise UserFacingError(_("Write the topic's text: the box was empty. Nothing was changed."))
    return text


def _pin(cohort: CohortInfo | None, week: str) -> WeekPin:
    """Return a pin to `week` of the cohort's term; refuse the community's bank, no term, or a
    week that is not a number."""
    if cohort is None:
        raise _no_weeks()
    if cohort.term is None:
        raise UserFacingError(
            _(
                "The cohort {name} has no term yet, so it has no weeks: set one with "
                "/cohort term {name} <YYYY-MM-DD> <weeks>."
            ).format(name=cohort.name)
        )
    text = week.strip()
    if not text.isascii() or not text.isdecimal() or len(text) > 4:
        raise UserFacingError(
            _("Write the week as a number, from 1 to {last}.").format(last=cohort.term.weeks)
        )
    return WeekPin(int(text), cohort.term.weeks)


def _no_weeks() -> UserFacingError:
    return UserFacingError(
        _("Weeks belong to a cohort's term: open the cohort's bank to pin or unpin a topic.")
    )


def pasted_report(pasted: Pasted) -> str:
    """Return what a paste did: how many topics were added, and each line skipped or refused."""
    added = len(pasted.added)
    lines = [ngettext("Added {count} topic.", "Added {count} topics.", added).format(count=added)]
    if pasted.duplicates:
        lines.append(
            ngettext(
                "Skipped {count} line already in the bank or suggested: {lines}",
                "Skipped {count} lines already in the bank or suggested: {lines}",
                len(pasted.duplicates),
            ).format(count=len(pasted.duplicates), lines=_listed(pasted.duplicates))
        )
    if pasted.too_long:
        lines.append(
            ngettext(
                "Refused {count} line longer than a topic may be: {lines}",
                "Refused {count} lines longer than a topic may be: {lines}",
                len(pasted.too_long),
            ).format(count=len(pasted.too_long), lines=_listed(pasted.too_long))
        )
    if pasted.bank_full:
        lines.append(
            ngettext(
                "Refused {count} line, the bank being full: {lines}",
                "Refused {count} lines, the bank being full: {lines}",
                len(pasted.bank_full),
            ).format(count=len(pasted.bank_full), lines=_listed(pasted.bank_full))
        )
    return "\n".join(lines)


def _listed(found: list[str]) -> str:
    return " · ".join(_short(line) for line in found)


def _short(line: str) -> str:
    return line if len(line) <= SHOWN_LINE else line[: SHOWN_LINE - 1] + "…"
