"""Reading what a person typed: a date, a time zone, a channel, a member or role, a choice.

Chat commands and the web dashboard read the same text the same way, so the readers live in
the core and `commands/arguments.py` uses them. Each returns the value or raises
`ArgumentError` saying how to write it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.i18n import _

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_USER_MENTION = re.compile(r"<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>")
_ROLE_MENTION = re.compile(r"<@&([0-9]+)>|<!subteam\^([A-Za-z0-9]+)(?:\|[^>]*)?>")
_CHANNEL_MENTION = re.compile(r"<#([A-Za-z0-9]+)(?:\|[^>]*)?>")
_CONSOLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


class ArgumentError(ValueError):
    """An argument could not be read; the message says how to write it."""


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


def read_date(text: str) -> date:
    """Read a calendar date written as YYYY-MM-DD."""
    cleaned = text.strip()
    if _DATE.fullmatch(cleaned) is None:
        raise ArgumentError(_("write dates as YYYY-MM-DD, like 2026-12-21"))
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ArgumentError(
            _("'{date}' is not a date on the calendar").format(date=shortened(cleaned))
        ) from None


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
        "'{zone}' is not a time zone I know. Use an IANA name such as Europe/Berlin or "
        "America/New_York."
    ).format(zone=shortened(text))
    if not close:
        return unknown
    return " ".join([unknown, _("Did you mean {name}?").format(name=close[0])])


def read_member(text: str, name: str = "member") -> MemberMention:
    """Read a member mention (`<@U123>`, or `@alice` in the console); `name` is the option's."""
    match = _USER_MENTION.fullmatch(text)
    if match:
        return MemberMention(match.group(1))
    if text.startswith("@") and _CONSOLE_NAME.fullmatch(text[1:]):
        return MemberMention(text[1:])
    raise ArgumentError(_("{option} must name a member, like @alice").format(option=name))


def read_channel(text: str, name: str = "channel") -> ChannelMention:
    """Read a channel mention (`<#C123>`, or `#general` in the console)."""
    match = _CHANNEL_MENTION.fullmatch(text)
    if match:
        return ChannelMention(match.group(1))
    if text.startswith("#") and _CONSOLE_NAME.fullmatch(text[1:]):
        return ChannelMention(text[1:].lower())
    raise ArgumentError(_("{option} must name a channel, like #general").format(option=name))


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


def read_choice(text: str, choices: tuple[str, ...], name: str) -> str:
    """Return the one of `choices` that `text` names, forgiving letter case."""
    folded = text.casefold()
    for choice in choices:
        if choice.casefold() == folded:
            return choice
    raise ArgumentError(
        _("{option} must be one of {choices}").format(option=name, choices=", ".join(choices))
    )


def shortened(text: str, limit: int = 60) -> str:
    """Return `text` cut to `limit` characters, so a message never echoes a wall of text.

    Unprintable characters become `?`: `repr` would otherwise spell each as up to ten.
    """
    text = "".join(char if char.isprintable() else "?" for char in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
