"""Reading arguments: an option's text as the type it declares, and readers features share.

Each option reader returns the value or raises `ArgumentError` saying how to write it. The
shared readers (a cadence, a channel or role typed as text, a button's action words, a page
number past the last) live here too, so no command module reads for another.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.durations import parse_duration
from bot.errors import UserFacingError
from bot.i18n import _, ngettext
from bot.shared.reading import (
    ArgumentError,
    ChannelMention,
    MemberMention,
    RoleOrMember,
    TimeZoneName,
    read_channel,
    read_choice,
    read_date,
    read_member,
    read_role_or_member,
    read_timezone,
    shortened,
)
from commands.spec import OptionKind, OptionSpec
from commands.types import Weekday

__all__ = [  # the readers moved to the core, still imported from here by the commands
    "ArgumentError",
    "read_channel",
    "read_date",
    "read_member",
    "read_role_or_member",
    "read_timezone",
    "shortened",
]

MAX_INTEGER = 10**9

_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def read_argument(option: OptionSpec, text: str) -> object:
    """Return `text` read as `option`'s type, or raise ArgumentError."""
    reader = _READERS[option.kind]
    return reader(option, text)


def _word(_option: OptionSpec, text: str) -> str:
    return text


def _integer(option: OptionSpec, text: str) -> int:
    if not re.fullmatch(r"-?[0-9]{1,10}", text) or abs(int(text)) > MAX_INTEGER:
        raise ArgumentError(_("{option} must be a whole number, like 3").format(option=option.name))
    return int(text)


def read_duration(text: str) -> timedelta:
    """Read `30m`, `2h`, `1d`, `1w` (or combinations like `1h30m`) as a duration."""
    try:
        return parse_duration(text)
    except ValueError as error:
        raise ArgumentError(str(error)) from None


def _duration(_option: OptionSpec, text: str) -> timedelta:
    return read_duration(text)


def read_weekday(text: str) -> Weekday:
    """Read a weekday written in English, in full or as three letters."""
    cleaned = text.strip().lower()
    for day in Weekday:
        if cleaned in (day.name.lower(), day.name.lower()[:3]):
            return day
    raise ArgumentError(_("write the weekday in English, like Monday or Mon"))


def _weekday(_option: OptionSpec, text: str) -> Weekday:
    return read_weekday(text)


def _time(_option: OptionSpec, text: str) -> time:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ArgumentError(_("write times as HH:MM on a 24-hour clock, like 09:30 or 18:00"))
    return time(int(match.group(1)), int(match.group(2)))


def _date(_option: OptionSpec, text: str) -> date:
    return read_date(text)


def _timezone(_option: OptionSpec, text: str) -> TimeZoneName:
    return read_timezone(text)


def _member(option: OptionSpec, text: str) -> MemberMention:
    return read_member(text, option.name)


def _channel(option: OptionSpec, text: str) -> ChannelMention:
    return read_channel(text, option.name)


def _role_or_member(option: OptionSpec, text: str) -> RoleOrMember:
    return read_role_or_member(text, option.name)


def _choice(option: OptionSpec, text: str) -> str:
    return read_choice(text, option.choices, option.name)


_READERS = {
    OptionKind.WORD: _word,
    OptionKind.TEXT: _word,
    OptionKind.INTEGER: _integer,
    OptionKind.DURATION: _duration,
    OptionKind.WEEKDAY: _weekday,
    OptionKind.TIME: _time,
    OptionKind.DATE: _date,
    OptionKind.TIMEZONE: _timezone,
    OptionKind.MEMBER: _member,
    OptionKind.CHANNEL: _channel,
    OptionKind.ROLE_OR_MEMBER: _role_or_member,
    OptionKind.CHOICE: _choice,
}


def read_every(text: str | None) -> int:
    """Read `every 2 weeks`, `every week`, `2 weeks` or `2`; default every week."""
    if text is None:
        return 1
    words = text.lower().split()
    if words and words[0] == "every":
        words = words[1:]
    if words and words[-1] in ("week", "weeks"):
        words = words[:-1]
    if not words:
        return 1
    if len(words) == 1 and words[0].isascii() and words[0].isdigit():
        return int(words[0])
    raise UserFacingError(_("Write the cadence as every <n> weeks, like: every 2 weeks"))


def action_words(args: tuple[str, ...], count: int) -> tuple[str, ...]:
    """Return the first `count` words of a button's action id after its prefix, blank if absent.

    Anyone can send any action id, so a short one reads as blanks, which no handler accepts.
    """
    return (*args, *("",) * count)[:count]


def page_count(items: int, per_page: int) -> int:
    """Return how many pages `items` fill at `per_page` a page."""
    return (items + per_page - 1) // per_page


def past_the_last_page(pages: int) -> UserFacingError:
    """Return the answer to a page number past the last: `There are 3 pages.`"""
    return UserFacingError(
        ngettext("There is {count} page.", "There are {count} pages.", pages).format(count=pages)
    )
