"""The bank's rules that need no database: a topic's text, duplicates, and a week to pin to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Row

from bot.errors import UserFacingError
from bot.i18n import _, ngettext
from bot.topics.store import PENDING

MAX_TOPIC_LENGTH = 1000
MAX_TOPICS = 500
"""A bank's topics and pending suggestions, at most."""


@dataclass(frozen=True, slots=True)
class WeekPin:
    """A week of a cohort's term to pin a topic to, with the term's length to check it against."""

    week: int
    term_weeks: int

    def checked(self) -> int:
        """Return the week; refuse week 0, a negative one or one beyond the term."""
        if not 1 <= self.week <= self.term_weeks:
            raise UserFacingError(
                ngettext(
                    "There is no week {week}: the term has {count} week.",
                    "There is no week {week}: the term has {count} weeks, from 1 to {count}.",
                    self.term_weeks,
                ).format(week=self.week, count=self.term_weeks)
            )
        return self.week


def checked_text(text: str) -> str:
    """Return a topic's text tidied; refuse an empty or an overlong one."""
    cleaned = " ".join(text.split()) if "\n" not in text else text.strip()
    if not cleaned:
        raise UserFacingError(
            _("Write the topic after the command: /topic add What surprised you?")
        )
    if len(cleaned) > MAX_TOPIC_LENGTH:
        raise UserFacingError(
            ngettext(
                "A topic can be at most {count} character.",
                "A topic can be at most {count} characters.",
                MAX_TOPIC_LENGTH,
            ).format(count=MAX_TOPIC_LENGTH)
        )
    return cleaned


def refuse_a_full_bank(live: int) -> None:
    """Refuse another topic when the bank holds its most."""
    if live >= MAX_TOPICS:
        raise UserFacingError(
            ngettext(
                "The topic bank is full ({count} topic).",
                "The topic bank is full ({count} topics).",
                MAX_TOPICS,
            ).format(count=MAX_TOPICS)
        )


def refuse_duplicate(text: str, rows: Sequence[Row[str, str]]) -> None:
    """Refuse a topic the bank has, or a suggestion pending, ignoring case and spacing."""
    wanted = comparable(text)
    for existing, status in rows:
        if comparable(existing) != wanted:
            continue
        if status == PENDING:
            raise UserFacingError(
                _(
                    "“{text}” has already been suggested and is waiting for the hosts, so I "
                    "didn't add it again."
                ).format(text=existing)
            )
        raise UserFacingError(
            _("“{text}” is already in the topic bank, so I didn't add it again.").format(
                text=existing
            )
        )


def comparable(text: str) -> str:
    """Return the text as duplicates are compared: spacing and case ignored."""
    return " ".join(text.split()).casefold()
