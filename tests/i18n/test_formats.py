"""Days, times, weekdays and numbers as each language writes them (Babel's real output).

English keeps the forms commands read back (`2026-12-21`, `18:00`); Spanish and German get their
own; a language Babel does not know writes as English does rather than failing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.i18n import formats, ngettext, speaking
from bot.moments import in_zone
from commands.types import Weekday

SOLSTICE = date(2026, 12, 21)  # a Monday
EVENING = datetime(2026, 12, 21, 17, 0, tzinfo=UTC)  # 18:00 in Berlin


@pytest.mark.parametrize(
    ("language", "day", "moment", "weekday", "short"),
    [
        ("en", "2026-12-21", "2026-12-21 18:00", "Monday", "Mon"),
        ("es", "21 dic 2026", "21 dic 2026 18:00", "lunes", "lun"),
        ("de", "21.12.2026", "21.12.2026 18:00", "Montag", "Mo."),
    ],
)
def test_days_times_and_weekdays_read_as_the_language_writes_them(
    language: str, day: str, moment: str, weekday: str, short: str
) -> None:
    with speaking(language):
        assert formats.day(SOLSTICE) == day
        assert formats.clock_time(time(18, 0)) == "18:00"
        assert formats.moment_in(EVENING, "Europe/Berlin") == moment
        assert formats.weekday(SOLSTICE) == weekday
        assert formats.weekday(SOLSTICE, short=True) == short
        assert formats.day_of_week(SOLSTICE.weekday()) == weekday
        assert formats.day_of_week(SOLSTICE.weekday(), short=True) == short
        assert in_zone(EVENING, "Europe/Berlin") == f"{moment} (Europe/Berlin)"


def test_a_clock_time_stays_in_the_zone_it_is_given_in() -> None:
    with speaking("de"):
        assert formats.clock_time(EVENING) == "17:00"
        assert formats.moment(EVENING) == "21.12.2026 17:00"


@pytest.mark.parametrize(
    ("language", "number", "share", "count"),
    [
        ("en", "1,234,567.5", "42%", "12,345"),
        ("es", "1.234.567,5", "42\u00a0%", "12.345"),  # a no-break space
        ("de", "1.234.567,5", "42\u00a0%", "12.345"),
    ],
)
def test_numbers_shares_and_counts_are_grouped_as_the_language_groups_digits(
    language: str, number: str, share: str, count: str
) -> None:
    with speaking(language):
        assert formats.number(1234567.5) == number
        assert formats.percent(0.42) == share
        members = ngettext("{count} member", "{count} members", 12345)
        assert members.format(count=12345).startswith(f"{count} ")  # whatever the noun is
        # Only `{count}` is a quantity: an id filled in elsewhere is written as it is.
        assert formats.Localized("Topic {number}").format(number=12345) == "Topic 12345"


@pytest.mark.parametrize("language", ["tlh", "zz", "not a language!", ""])
def test_a_language_babel_does_not_know_writes_as_english_does(language: str) -> None:
    with speaking(language):
        assert formats.day(SOLSTICE) == "2026-12-21"
        assert formats.moment_in(EVENING, "Europe/Berlin") == "2026-12-21 18:00"
        assert formats.day_of_week(0) == "Monday"
        assert formats.weekday(SOLSTICE, short=True) == "Mon"
        assert formats.number(1234) == "1,234"
        assert formats.percent(0.5) == "50%"


def test_a_weekday_is_typed_in_english_and_shown_in_the_language() -> None:
    with speaking("de"):
        assert Weekday.MONDAY.label == "Monday"  # what commands read, in every language
        assert Weekday.MONDAY.shown == "Montag"
        assert Weekday.SUNDAY.shown == "Sonntag"
    assert Weekday.SUNDAY.shown == "Sunday"


def test_a_share_is_rounded_as_python_rounds_it_in_every_language() -> None:
    shares = [met / pairs for pairs in range(1, 241) for met in range(pairs + 1)]
    with speaking("en"):
        assert [formats.percent(share) for share in shares] == [f"{s:.0%}" for s in shares]
    with speaking("de"):
        assert formats.percent(23 / 40) == "57\u00a0%"  # Babel alone would write 58


@pytest.mark.parametrize(("language", "written"), [("en", "0.40"), ("de", "0,40")])
def test_a_number_with_fixed_places_keeps_its_zeros(language: str, written: str) -> None:
    with speaking(language):
        assert formats.number(0.4, places=2) == written
        assert formats.number(0.125, places=2) == f"{0.125:.2f}".replace(".", written[1])
