"""Dates, times and numbers for the current language, formatted by Babel.

English keeps the forms the commands read (`2026-12-21`, `18:00`), so what the bot shows can be
typed back (so does a language Babel does not know: it gets English's locale); another language
gets its own (`21 dic 2026`, `21.12.2026`) and its own names of the days (`lunes`, `Montag`).
A count (`{count}`) is grouped as the language groups digits (`1,234`, `1.234`); ids never are.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

from bot.i18n.language import DEFAULT_LANGUAGE, current_language

QUANTITIES = frozenset({"count"})
"""The placeholders that hold a quantity, grouped for the language; every other is as given."""


def locale() -> Locale:
    """Return Babel's locale for the current language (English's for one Babel does not know)."""
    return _babel_locale(current_language())


@functools.cache
def _babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


def typed_forms() -> bool:
    """Return whether to write days and times as commands read them: in English, and in a
    language Babel does not know (whose locale is English's)."""
    return locale().language == DEFAULT_LANGUAGE


def day(value: date) -> str:
    """Return a calendar day: `2026-12-21` in English, the language's medium form otherwise."""
    if typed_forms():
        return value.isoformat()
    return format_date(value, format="medium", locale=locale())


def clock_time(value: time | datetime) -> str:
    """Return a time of day on the 24-hour clock as the language writes it (`18:00`)."""
    if typed_forms():
        return f"{value:%H:%M}"
    return format_time(value, format="HH:mm", locale=locale())


def moment(value: datetime) -> str:
    """Return a day and time, already in the zone it is shown in: `2026-12-21 18:00`."""
    return f"{day(value.date())} {clock_time(value)}"


def moment_in(value: datetime, zone: str) -> str:
    """Return `value` in `zone`, without naming the zone."""
    return moment(value.astimezone(ZoneInfo(zone)))


def weekday(value: date, *, short: bool = False) -> str:
    """Return the day of the week's name in the current language (`Mon`, `lun`, `Mo.`)."""
    return format_date(value, "EEE" if short else "EEEE", locale=locale())


def day_of_week(index: int, *, short: bool = False) -> str:
    """Return the name of a day of the week, Monday first as in `date.weekday()`: `Monday`,
    `lunes`, `Montag` (`Mon`, `lun`, `Mo.` when `short`), as it reads inside a sentence."""
    names = locale().days["format"]["abbreviated" if short else "wide"]
    return str(names[index])


def number(value: int | float, *, places: int | None = None) -> str:
    """Return a number with the language's digit grouping and decimal sign; `places` fixes the
    digits after the sign (`0.40`, `0,40`), rounded as Python's `{:.2f}` rounds them."""
    if places is None:
        return format_decimal(value, locale=locale())
    fixed = Decimal(f"{value:.{places}f}")
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(fixed, format=pattern, locale=locale())


def percent(value: float) -> str:
    """Return a share (0.42) as the language writes a whole percentage (`42 %` in German).

    The share is rounded as Python's `{:.0%}` rounds it (`23/40` is `57%`), so a percentage
    reads the same in every language and as it did before it was translated."""
    whole = round(value * 100)
    return format_percent(Decimal(whole) / 100, locale=locale())


class _Formatter(string.Formatter):
    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        value = super().get_value(key, args, kwargs)
        return number(value) if key in QUANTITIES and _quantity(value) else value


def _quantity(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _grouped(kwargs: Mapping[str, Any]) -> bool:
    """Whether a count is large enough for any language to group its digits (or a fraction)."""
    return any(
        _quantity(value := kwargs.get(name))
        and not (isinstance(value, int) and -1000 < value < 1000)
        for name in QUANTITIES
    )


_FORMATTER = _Formatter()


class Localized(str):
    """A translated template whose `.format` writes its counts for the current language."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        """Fill the template; `{count}` is grouped as the language groups digits."""
        if not _grouped(kwargs):
            return str.format(self, *args, **kwargs)  # the usual case, at str.format's speed
        return _FORMATTER.vformat(self, args, kwargs)
