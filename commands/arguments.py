"""Reading arguments: an option's text as the type it declares, and readers features share.

Each option reader returns the value or raises `ArgumentError` saying how to write it. The
shared readers (a cadence, a channel or role typed as text, a button's action words, a page
number past the last) live here too, so no command module reads for another.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.durations import parse_duration
from bot.errors import UserFacingError
from bot.i18n import _, ngettext
from commands.spec import OptionKind, OptionSpec
from commands.types import ChannelMention, MemberMention, RoleOrMember, TimeZoneName, Weekday

MAX_INTEGER = 10**9

_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_USER_MENTION = re.compile(r"<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>")
_ROLE_MENTION = re.compile(r"<@&([0-9]+)>|<!subteam\^([A-Za-z0-9]+)(?:\|[^>]*)?>")
_CHANNEL_MENTION = re.compile(r"<#([A-Za-z0-9]+)(?:\|[^>]*)?>")
_CONSOLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


class ArgumentError(ValueError):
    """An argument could not be read; the message says how to write it."""


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


def read_date(text: str) -> date:
    """Read a calendar date written as YYYY-MM-DD."""
    cleaned = text.strip()
    if _DATE.fullmatch(cleaned) is None:
        raise ArgumentError(_("write dates as YYYY-MM-DD, like 2026-12-21"))
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ArgumentError(
            _("{date} is not a date on the calendar").format(date=repr(shortened(cleaned)))
        ) from None


def _date(_option: OptionSpec, text: str) -> date:
    return read_date(text)


# Some systems list `localtime`, a link to the server's own zone: not a name a member can mean.
_NOT_ZONE_NAMES = frozenset({"localtime"})


@cache
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones() - _NOT_ZONE_NAMES}


def read_timezone(text: str) -> TimeZoneName:
    """Read an IANA time zone name, forgiving letter case."""
    cleaned = text.strip()
    canonical = _zones_by_folded_name().get(cleaned.casefold())
    if canonical is not None:
        try:
            ZoneInfo(canonical)
        except (ZoneInfoNotFoundError, ValueError):
            canonical = None
    if canonical is None:
        raise ArgumentError(_unknown_zone(cleaned))
    return TimeZoneName(canonical)


def _unknown_zone(text: str) -> str:
    zones = _zones_by_folded_name()
    folded = text.casefold()
    # Compare folded names, so `EUROPE/BERLN` is as close to Europe/Berlin as `Europe/Berln`;
    # a bare city (`berlin`) matches the zone it ends.
    by_city = sorted(name for key, name in zones.items() if key.rpartition("/")[2] == folded)
    close = by_city or [zones[key] for key in difflib.get_close_matches(folded, sorted(zones), n=1)]
    unknown = _(
        "{zone} is not a time zone I know. Use an IANA name such as Europe/Berlin or "
        "America/New_York."
    ).format(zone=repr(shortened(text)))
    if not close:
        return unknown
    return " ".join([unknown, _("Did you mean {name}?").format(name=close[0])])


def _timezone(_option: OptionSpec, text: str) -> TimeZoneName:
    return read_timezone(text)


def read_member(text: str, name: str = "member") -> MemberMention:
    """Read a member mention (`<@U123>`, or `@alice` in the console); `name` is the option's."""
    match = _USER_MENTION.fullmatch(text)
    if match:
        return MemberMention(match.group(1))
    if text.startswith("@") and _CONSOLE_NAME.fullmatch(text[1:]):
        return MemberMention(text[1:])
    raise ArgumentError(_("{option} must name a member, like @alice").format(option=name))


def _member(option: OptionSpec, text: str) -> MemberMention:
    return read_member(text, option.name)


def read_channel(text: str, name: str = "channel") -> ChannelMention:
    """Read a channel mention (`<#C123>`, or `#general` in the console)."""
    match = _CHANNEL_MENTION.fullmatch(text)
    if match:
        return ChannelMention(match.group(1))
    if text.startswith("#") and _CONSOLE_NAME.fullmatch(text[1:]):
        return ChannelMention(text[1:].lower())
    raise ArgumentError(_("{option} must name a channel, like #general").format(option=name))


def _channel(option: OptionSpec, text: str) -> ChannelMention:
    return read_channel(text, option.name)


def read_role_or_member(text: str, name: str = "role") -> RoleOrMember:
    """Read a role (a Discord role, a Slack user group) or, failing that, a member."""
    match = _ROLE_MENTION.fullmatch(text)
    if match:
        return RoleOrMember(match.group(1) or match.group(2), is_role=True)
    try:
        return RoleOrMember(read_member(text, name).id, is_role=False)
    except ArgumentError:
        raise ArgumentError(
            _("{option} must name a role or a member, like @alice").format(option=name)
        ) from None


def _role_or_member(option: OptionSpec, text: str) -> RoleOrMember:
    return read_role_or_member(text, option.name)


def _choice(option: OptionSpec, text: str) -> str:
    folded = text.casefold()
    for choice in option.choices:
        if choice.casefold() == folded:
            return choice
    raise ArgumentError(
        _("{option} must be one of {choices}").format(
            option=option.name, choices=", ".join(option.choices)
        )
    )


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


def shortened(text: str, limit: int = 60) -> str:
    """Return `text` cut to `limit` characters, so a message never echoes a wall of text.

    Unprintable characters become `?`: `repr` would otherwise spell each as up to ten.
    """
    text = "".join(char if char.isprintable() else "?" for char in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
