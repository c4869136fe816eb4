"""Argument readers: each option kind reads what people type, and says how to write a bad one."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.durations import MAX_DURATION
from commands.arguments import (
    ArgumentError,
    read_argument,
    read_duration,
    read_timezone,
    read_weekday,
)
from commands.spec import OptionKind, OptionSpec
from commands.types import ChannelMention, MemberMention, RoleOrMember, TimeZoneName, Weekday


def option(kind: OptionKind, name: str = "value", choices: tuple[str, ...] = ()) -> OptionSpec:
    return OptionSpec(name, kind, required=True, description=name, choices=choices)


def read(kind: OptionKind, text: str, name: str = "value") -> object:
    return read_argument(option(kind, name), text)


def refusal(kind: OptionKind, text: str, name: str = "value") -> str:
    with pytest.raises(ArgumentError) as raised:
        read(kind, text, name)
    return str(raised.value)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(OptionKind), st.text())
def test_every_reader_returns_a_value_or_raises_argument_error(kind: OptionKind, text: str) -> None:
    spec = option(kind, choices=("on", "off") if kind is OptionKind.CHOICE else ())
    message = None
    try:
        read_argument(spec, text)
    except ArgumentError as error:
        message = str(error)
    assert message is None or message


# ----------------------------------------------------------------------------------------------
# Durations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
        ("1w", timedelta(weeks=1)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("2H", timedelta(hours=2)),
        (" 1d ", timedelta(days=1)),
        ("1w2d3h4m", timedelta(weeks=1, days=2, hours=3, minutes=4)),
        ("366d", MAX_DURATION),
    ],
)
def test_durations_people_write_are_read(text: str, expected: timedelta) -> None:
    assert read_duration(text) == expected
    assert read(OptionKind.DURATION, text) == expected


@pytest.mark.parametrize("text", ["5x", "", "1y", "30", "m", "-5m", "1h 30m", "1.5h", "30 m"])
def test_badly_written_durations_say_how_to_write_them(text: str) -> None:
    assert refusal(OptionKind.DURATION, text) == "write durations like 30m, 2h, 1d or 1w"


@pytest.mark.parametrize("text", ["0m", "0h0m", "367d", "53w", "999999w", "999999w" * 150])
def test_durations_of_zero_or_over_a_year_are_refused(text: str) -> None:
    assert refusal(OptionKind.DURATION, text) == (
        "a duration must be more than zero and at most a year"
    )


@given(st.lists(st.tuples(st.integers(0, 999), st.sampled_from("mhdw")), min_size=1, max_size=5))
def test_a_written_duration_is_the_sum_of_its_parts(parts: list[tuple[int, str]]) -> None:
    units = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
    units["w"] = timedelta(weeks=1)
    expected = sum((count * units[unit] for count, unit in parts), timedelta())
    text = "".join(f"{count}{unit}" for count, unit in parts)
    if timedelta() < expected <= MAX_DURATION:
        assert read_duration(text) == expected
    else:
        with pytest.raises(ArgumentError):
            read_duration(text)


# ----------------------------------------------------------------------------------------------
# Weekdays


@pytest.mark.parametrize("day", list(Weekday))
def test_weekdays_are_read_in_full_or_three_letters_in_any_case(day: Weekday) -> None:
    name = day.name
    for text in (name, name.lower(), name.capitalize(), name[:3], name[:3].lower(), f" {name} "):
        assert read_weekday(text) is day
        assert read(OptionKind.WEEKDAY, text) is day
    assert day.label == name.capitalize()


@pytest.mark.parametrize("text", ["mo", "Mond", "Funday", "", "Montag", "1", "Mondays"])
def test_bad_weekdays_are_refused(text: str) -> None:
    assert refusal(OptionKind.WEEKDAY, text) == "write the weekday in English, like Monday or Mon"


# ----------------------------------------------------------------------------------------------
# Times of day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:30", time(9, 30)),
        ("9:30", time(9, 30)),
        ("23:59", time(23, 59)),
        ("00:00", time(0, 0)),
        ("0:00", time(0, 0)),
        ("18:00", time(18, 0)),
    ],
)
def test_times_on_a_24_hour_clock_are_read(text: str, expected: time) -> None:
    assert read(OptionKind.TIME, text) == expected


@pytest.mark.parametrize(
    "text", ["24:00", "9.30", "12:60", "9:5", "0930", "", "9:30pm", "-1:00", "123:00", "9h30"]
)
def test_times_that_are_not_hh_mm_are_refused(text: str) -> None:
    assert refusal(OptionKind.TIME, text) == (
        "write times as HH:MM on a 24-hour clock, like 09:30 or 18:00"
    )


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_every_calendar_date_reads_back(day: date) -> None:
    assert read(OptionKind.DATE, day.isoformat()) == day
    assert read(OptionKind.DATE, f"  {day.isoformat()} ") == day


@pytest.mark.parametrize(
    "text", ["21.12.2026", "2026-1-5", "2026/12/21", "tomorrow", "", "20261221"]
)
def test_dates_not_written_yyyy_mm_dd_are_refused(text: str) -> None:
    assert refusal(OptionKind.DATE, text) == "write dates as YYYY-MM-DD, like 2026-12-21"


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29"])
def test_dates_not_on_the_calendar_are_refused(text: str) -> None:
    assert refusal(OptionKind.DATE, text) == f"{text!r} is not a date on the calendar"


@given(st.times())
def test_every_minute_of_the_day_reads_back(moment: time) -> None:
    expected = moment.replace(second=0, microsecond=0)
    assert read(OptionKind.TIME, f"{moment.hour}:{moment.minute:02d}") == expected
    assert read(OptionKind.TIME, moment.strftime("%H:%M")) == expected


# ----------------------------------------------------------------------------------------------
# Time zones


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("europe/berlin", "Europe/Berlin"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        (" utc ", "UTC"),
        ("america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_time_zones_are_canonicalised_whatever_their_case(text: str, canonical: str) -> None:
    assert read_timezone(text) == TimeZoneName(canonical)
    assert read(OptionKind.TIMEZONE, text) == TimeZoneName(canonical)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Europe/Berln", "Europe/Berlin"),
        ("EUROPE/BERLN", "Europe/Berlin"),
        ("america/new_yrok", "America/New_York"),
        ("berlin", "Europe/Berlin"),
    ],
)
def test_an_unknown_time_zone_suggests_the_closest(text: str, suggestion: str) -> None:
    message = refusal(OptionKind.TIMEZONE, text)
    assert message.startswith(f"{text!r} is not a time zone I know.")
    assert "Use an IANA name such as Europe/Berlin" in message
    assert message.endswith(f"Did you mean {suggestion}?")


@pytest.mark.parametrize("text", ["Mars/Olympus", "", "../../etc/passwd"])
def test_an_unknown_time_zone_far_from_any_gets_no_guess(text: str) -> None:
    message = refusal(OptionKind.TIMEZONE, text)
    assert "is not a time zone I know" in message
    assert "Did you mean" not in message


# ----------------------------------------------------------------------------------------------
# Mentions, as Slack, Discord and the console write them


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@U123>", "U123"),  # Slack
        ("<@U1|name>", "U1"),  # Slack, with a display name
        ("<@123>", "123"),  # Discord
        ("<@!123>", "123"),  # Discord nickname mention
        ("@alice", "alice"),  # console
        ("@Alice.b-c_1", "Alice.b-c_1"),
    ],
)
def test_member_mentions_are_read_in_every_platforms_form(text: str, expected: str) -> None:
    assert read(OptionKind.MEMBER, text) == MemberMention(expected)


@pytest.mark.parametrize(
    "text", ["alice", "@", "@-x", "@ alice", "<@&456>", "<#C1>", "<@U1", "<@>", "@al ice"]
)
def test_text_that_names_no_member_is_refused(text: str) -> None:
    assert refusal(OptionKind.MEMBER, text, "who") == "who must name a member, like @alice"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<#C123|general>", "C123"),  # Slack
        ("<#C123>", "C123"),  # Slack without a name
        ("<#987654>", "987654"),  # Discord
        ("#general", "general"),  # console
        ("#Intros", "intros"),  # console channels are lower case
    ],
)
def test_channel_mentions_are_read_in_every_platforms_form(text: str, expected: str) -> None:
    assert read(OptionKind.CHANNEL, text) == ChannelMention(expected)


@pytest.mark.parametrize("text", ["general", "#", "<@U1>", "<#>", "# general", "<#C1"])
def test_text_that_names_no_channel_is_refused(text: str) -> None:
    assert refusal(OptionKind.CHANNEL, text, "where") == "where must name a channel, like #general"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@&456>", RoleOrMember("456", is_role=True)),  # Discord role
        ("<!subteam^S1|@g>", RoleOrMember("S1", is_role=True)),  # Slack user group
        ("<!subteam^S1>", RoleOrMember("S1", is_role=True)),
        ("<@U1|bob>", RoleOrMember("U1", is_role=False)),  # Slack member
        ("<@!123>", RoleOrMember("123", is_role=False)),  # Discord member
        ("@bob", RoleOrMember("bob", is_role=False)),  # console member
    ],
)
def test_roles_and_members_are_told_apart(text: str, expected: RoleOrMember) -> None:
    assert read(OptionKind.ROLE_OR_MEMBER, text) == expected


@pytest.mark.parametrize("text", ["#general", "hosts", "<@&abc>", "<!subteam^>", "&hosts"])
def test_text_that_names_no_role_or_member_is_refused(text: str) -> None:
    assert refusal(OptionKind.ROLE_OR_MEMBER, text, "who") == (
        "who must name a role or a member, like @alice"
    )


# ----------------------------------------------------------------------------------------------
# Whole numbers, choices and words


@pytest.mark.parametrize(("text", "expected"), [("3", 3), ("-1", -1), ("0", 0), ("007", 7)])
def test_whole_numbers_are_read(text: str, expected: int) -> None:
    assert read(OptionKind.INTEGER, text) == expected


@pytest.mark.parametrize("text", ["3.5", "1e3", "10000000000", "1000000001", "", "three", "+3"])
def test_other_numbers_are_refused(text: str) -> None:
    assert refusal(OptionKind.INTEGER, text, "count") == "count must be a whole number, like 3"


def test_a_choice_is_read_case_insensitively_as_its_declared_spelling() -> None:
    spec = option(OptionKind.CHOICE, "level", ("host", "moderator"))
    assert read_argument(spec, "MODERATOR") == "moderator"
    with pytest.raises(ArgumentError) as raised:
        read_argument(spec, "admin")
    assert str(raised.value) == "level must be one of host, moderator"


def test_a_word_is_taken_as_it_is() -> None:
    assert read(OptionKind.WORD, "Don't") == "Don't"


@pytest.mark.parametrize("text", ["localtime", "LOCALTIME"])
def test_the_servers_own_zone_is_not_a_time_zone_name(text: str) -> None:
    # Some systems list `localtime` (a link to /etc/localtime) among their zones; stored, it
    # would mean whatever zone the next server happens to run in.
    assert "is not a time zone I know" in refusal(OptionKind.TIMEZONE, text)


def test_every_zone_read_is_one_zoneinfo_loads_by_that_name() -> None:
    for name in sorted(available_timezones() - {"localtime"}):
        canonical = read_timezone(name.lower()).name
        assert canonical == name
        ZoneInfo(canonical)
