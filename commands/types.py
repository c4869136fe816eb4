"""Argument types a command handler can declare in its signature."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import NewType

Text = NewType("Text", str)
"""The rest of the command line, spaces and all (a rule, an intro, a reason)."""


class Weekday(IntEnum):
    """A day of the week, Monday first as in `datetime.weekday()`."""

    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6

    @property
    def label(self) -> str:
        """Return the day's name as people write it."""
        return self.name.capitalize()


@dataclass(frozen=True, slots=True)
class MemberMention:
    """A member named in a command: the platform's user id (console: the member's name)."""

    id: str


@dataclass(frozen=True, slots=True)
class ChannelMention:
    """A channel named in a command: the platform's channel id (console: the channel's name)."""

    id: str


@dataclass(frozen=True, slots=True)
class RoleOrMember:
    """A platform role (Discord role, Slack user group) or a single member."""

    id: str
    is_role: bool


@dataclass(frozen=True, slots=True)
class TimeZoneName:
    """A validated IANA time zone name, in its canonical spelling."""

    name: str
