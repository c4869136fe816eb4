"""Argument types a command handler can declare in its signature."""

from __future__ import annotations

from enum import IntEnum
from typing import NewType

from bot.i18n import formats

# Mentions and time zones are read in the core too (the dashboard reads them as commands do).
from bot.shared.reading import ChannelMention as ChannelMention
from bot.shared.reading import MemberMention as MemberMention
from bot.shared.reading import RoleOrMember as RoleOrMember
from bot.shared.reading import TimeZoneName as TimeZoneName

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
        """Return the day's English name, as commands read it (`Monday`, `mon` works too)."""
        return self.name.capitalize()

    @property
    def shown(self) -> str:
        """Return the day's name as the current language writes it (`Montag`), to be read."""
        return formats.day_of_week(self)
