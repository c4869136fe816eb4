"""A community that speaks German reads its schedules' days, dates and percentages in German; an
English one keeps the English day names, the ISO dates its commands read back and `42%`."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.commands.support import ok, refused
from tests.console.test_session import say_all
from tests.participation.test_stats_console import community_with_traffic

# The console's clock starts on Monday 2026-01-05 08:00 UTC.


async def _fall_with_topics_on_mondays(console: ConsoleSession, *language: str) -> list[str]:
    """Set up a two-week cohort with topics every Monday; return its schedule and its plan."""
    await say_all(console, "@hana is admin")
    for line in language:
        await ok(console, line)
    await ok(console, "@hana: /cohort create fall #fall")
    await ok(console, "@hana: /cohort term fall 2026-01-05 2")
    await ok(console, "@hana in #fall: /topic add A")
    scheduled = await ok(console, "@hana in #fall: /topic schedule #fall mon 18:00")
    plan = await ok(console, "@hana in #fall: /topic plan")
    return [scheduled, *plan.splitlines()]


async def test_a_german_community_reads_the_weekday_and_the_dates_in_german(
    console: ConsoleSession,
) -> None:
    scheduled, *plan = await _fall_with_topics_on_mondays(console, "@hana: /setup language de")
    assert "Montag" in scheduled
    assert "05.01.2026 18:00" in scheduled
    assert "Monday" not in scheduled
    assert "2026-01-05" not in scheduled
    assert "05.01.2026" in plan[0]
    assert "18.01.2026" in plan[0]
    assert any("Mo. 05.01.2026 18:00" in line for line in plan), plan


async def test_an_english_community_keeps_english_days_and_iso_dates(
    console: ConsoleSession,
) -> None:
    scheduled, *plan = await _fall_with_topics_on_mondays(console)
    assert "every Monday at 18:00, next 2026-01-05 18:00" in scheduled
    assert plan[0] == (
        "fall cohort: Term plan: 2 weeks from 2026-01-05 to 2026-01-18, times in UTC."
    )
    assert "  Mon 2026-01-05 18:00 in #fall: A" in plan


async def test_a_channels_use_is_named_in_the_language_and_typed_in_english(
    console: ConsoleSession,
) -> None:
    await say_all(console, "@hana is admin")
    await ok(console, "@hana: /setup language de")
    assigned = await ok(console, "@hana: /setup channel intros #intros")  # typed in English
    assert "Vorstellungen" in assigned
    shown = await ok(console, "@hana: /setup show")
    assert "Vorstellungen" in shown
    assert "intros channel" not in shown


async def _breaks(console: ConsoleSession, *language: str) -> list[str]:
    """Add a break over the new year, list the breaks, then try one that overlaps it."""
    await say_all(console, "@hana is admin")
    for line in language:
        await ok(console, line)
    added = await ok(console, "@hana: /setup break 2026-12-21 2027-01-03")
    listed = await ok(console, "@hana: /setup breaks")
    overlapping = await refused(console, "@hana: /setup break 2026-12-30 2027-01-05")
    missing = await refused(console, "@hana: /setup unbreak 2026-12-22")
    return [added, listed, overlapping, missing]


async def test_a_german_community_reads_its_breaks_dates_in_german(
    console: ConsoleSession,
) -> None:
    added, listed, overlapping, missing = await _breaks(console, "@hana: /setup language de")
    for text in (added, listed, overlapping):
        assert "21.12.2026" in text, text
        assert "03.01.2027" in text, text
        assert "2026-12-21" not in text.replace("/setup unbreak 2026-12-21", "")
    assert "/setup unbreak 2026-12-21" in overlapping  # a command to type keeps the typed form
    assert "22.12.2026" in missing


async def test_an_english_community_keeps_its_breaks_iso_dates(console: ConsoleSession) -> None:
    added, listed, overlapping, missing = await _breaks(console)
    assert "2026-12-21 to 2027-01-03 (14 days)" in added
    assert "- 2026-12-21 to 2027-01-03 (14 days)" in listed
    assert "/setup unbreak 2026-12-21" in overlapping
    assert "No break starts on 2026-12-22." in missing


async def _stats_and_quiet(console: ConsoleSession, *language: str) -> tuple[str, str]:
    """Return `/stats` two days after some traffic, and `/quiet list 7` ten days later."""
    await say_all(console, "@hana is admin")
    for line in language:
        await ok(console, line)
    await community_with_traffic(console)
    await console.say("time +2d")
    stats = await ok(console, "@hana: /stats")
    await console.say("time +10d")
    return stats, await ok(console, "@hana: /quiet list 7")


async def test_a_german_community_reads_percentages_and_dates_of_its_figures_in_german(
    console: ConsoleSession,
) -> None:
    stats, quiet = await _stats_and_quiet(console, "@hana: /setup language de")
    assert "40\u00a0%" in stats  # the top 10 % wrote 40 %, with a no-break space
    assert "0,15" in stats  # Gini
    assert "05.01.2026" in stats  # the topic threads' day
    assert "2026-01-05" not in stats
    assert "40%" not in stats
    assert "05.01.2026" in quiet  # alice's last post
    assert "2026-01-05" not in quiet


async def test_an_english_community_reads_its_figures_as_before(console: ConsoleSession) -> None:
    stats, quiet = await _stats_and_quiet(console)
    assert "top 10 % wrote 40%, Gini 0.15" in stats
    assert "• Topic 2026-01-05 “First prompt”" in stats
    assert "@alice: last post 2026-01-05" in quiet
