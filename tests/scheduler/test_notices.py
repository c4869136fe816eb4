"""The hosts' notices about posts that did not happen: whole sentences, with counted plurals."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from adapters.console.platform import ConsolePlatform
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.i18n import Catalogues, speaking, use_catalogues
from bot.pairing.service import PAIRING_CHANNEL
from bot.recurrence import WeeklyRule
from bot.shared.schedules import ScheduleInfo
from scheduler.notices import (
    PostDue,
    did_not_happen,
    given_up,
    kind_label,
    missed,
    post_due,
    reason,
)
from tests.conftest import START

IN_CHANNEL = PostDue("topic", "2026-01-07 18:00", "UTC", "#topics")
PAIRING = PostDue("pairing", "2026-01-07 18:00", "UTC", None)


def test_a_post_with_a_channel_names_it_and_one_without_does_not() -> None:
    assert did_not_happen(IN_CHANNEL, "no topics left") == (
        "The topic post due 2026-01-07 18:00 (UTC) in #topics did not happen: no topics left"
    )
    assert did_not_happen(PAIRING, "too few members") == (
        "The pairing post due 2026-01-07 18:00 (UTC) did not happen: too few members"
    )


def test_giving_up_counts_the_attempts() -> None:
    assert "failed 1 time and was given up: 503" in given_up(IN_CHANNEL, 1, "503")
    assert given_up(PAIRING, 5, "503") == (
        "The pairing post due 2026-01-07 18:00 (UTC) failed 5 times and was given up: 503"
    )


def test_a_missed_post_counts_the_earlier_ones_and_the_grace_hours() -> None:
    alone = missed(IN_CHANNEL, 0, timedelta(hours=1), started=False)
    assert alone == (
        "The topic post due 2026-01-07 18:00 (UTC) in #topics was missed while the bot was not "
        "running, more than 1 hour ago, so it was skipped rather than posted late."
    )
    with_one = missed(PAIRING, 1, timedelta(hours=6), started=False)
    assert "(UTC) (and 1 earlier) was missed while the bot was not running" in with_one
    assert "more than 6 hours ago" in with_one


def test_an_unfinished_post_says_so_and_a_fractional_grace_keeps_its_decimals() -> None:
    text = missed(IN_CHANNEL, 2, timedelta(minutes=90), started=True)
    assert text == (
        "The topic post due 2026-01-07 18:00 (UTC) in #topics (and 2 earlier) was started but "
        "never finished, more than 1.5 hours ago, so it was skipped rather than posted late."
    )


def test_an_unexpected_error_is_named_in_one_line() -> None:
    error = RuntimeError("database is locked\nINSERT INTO occurrences ...")
    assert reason(error) == "an error inside the bot (RuntimeError: database is locked)"


def _german(directory: Path, entries: dict[str, str]) -> Catalogues:
    """Return catalogues whose German translates `entries` (and English, which translates none)."""
    for language, translated in (("en", {}), ("de", entries)):
        catalog = Catalog(locale=language, domain="cohort")
        for source, translation in translated.items():
            catalog.add(source, translation)
        path = directory / language / "LC_MESSAGES" / "cohort.po"
        path.parent.mkdir(parents=True)
        with path.open("wb") as target:
            write_po(target, catalog)
    return Catalogues.from_directory(directory)


def test_a_notice_names_the_kind_and_the_due_time_in_the_hosts_language(tmp_path: Path) -> None:
    platform = ConsolePlatform(ConsoleWorld(VirtualClock(START)), lambda record: None)
    rule = WeeklyRule(2, time(18, 0), 1, date(2026, 1, 7), "Europe/Berlin")
    info = ScheduleInfo(1, 1, "console", "c", "pairing", PAIRING_CHANNEL, rule)
    due = datetime(2026, 1, 7, 17, 0, tzinfo=UTC)
    german = _german(
        tmp_path,
        {
            "pairing": "Buddy-Runden",
            "The {kind} post due {time} ({zone}) did not happen: {reason}": (
                "Der Beitrag ({kind}), fällig {time} ({zone}), ist ausgefallen: {reason}"
            ),
        },
    )
    with use_catalogues(german), speaking("de"):
        text = did_not_happen(post_due(info, due, platform), "zu wenige")
    assert text == (
        "Der Beitrag (Buddy-Runden), fällig 07.01.2026 18:00 (Europe/Berlin), ist ausgefallen: "
        "zu wenige"
    )
    assert did_not_happen(post_due(info, due, platform), "too few") == (
        "The pairing post due 2026-01-07 18:00 (Europe/Berlin) did not happen: too few"
    )
    assert kind_label("a-kind-from-a-newer-version") == "a-kind-from-a-newer-version"
