"""Durations as people write them: `30m`, `2h`, `1d`, `1w`, or combinations such as `1h30m`.

One reader and one writer for the whole bot: command options, the escalation-ladder setting,
moderation notices and the console's records all use these.
"""

from __future__ import annotations

import re
from datetime import timedelta

from babel.lists import format_list
from babel.units import format_unit

from bot.i18n import _
from bot.i18n.formats import locale, typed_forms

MAX_DURATION = timedelta(days=366)
_PART = re.compile(r"([0-9]{1,6})([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_SIZES = (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60), ("m", 1))
_CLDR_UNITS = {
    "w": "duration-week",
    "d": "duration-day",
    "h": "duration-hour",
    "m": "duration-minute",
}


def parse_duration(text: str) -> timedelta:
    """Read a duration of more than zero and at most a year; raise ValueError saying how to.

    The error is in the current language: a command shows it to the person who typed it.
    """
    cleaned = text.strip().lower()
    parts = _PART.findall(cleaned)
    if not parts or "".join(n + u for n, u in parts) != cleaned:
        raise ValueError(_("write durations like 30m, 2h, 1d or 1w"))
    total = timedelta()
    for number, unit in parts:
        total += timedelta(**{_UNITS[unit]: int(number)})
        # Checked as it grows: enough long parts would overflow timedelta itself.
        if total > MAX_DURATION:
            break
    if total <= timedelta() or total > MAX_DURATION:
        raise ValueError(_("a duration must be more than zero and at most a year"))
    return total


def format_duration(duration: timedelta) -> str:
    """Return a duration the way people type it: `1h`, `30m`, `2d`, `1w`, `1h30m`."""
    minutes = int(duration.total_seconds() // 60)
    parts = []
    for unit, size in _SIZES:
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0m"


def shown_duration(duration: timedelta) -> str:
    """Return a duration for people to read: as it is typed in English (`1h30m`, which
    commands read back), in words in another language (`1 Stunde und 30 Minuten`), by Babel."""
    if typed_forms():
        return format_duration(duration)
    minutes = int(duration.total_seconds() // 60)
    parts = []
    for unit, size in _SIZES:
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(format_unit(count, _CLDR_UNITS[unit], length="long", locale=locale()))
    if not parts:
        return format_unit(0, _CLDR_UNITS["m"], length="long", locale=locale())
    return format_list(parts, locale=locale())
