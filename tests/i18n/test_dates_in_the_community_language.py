"""A community that speaks German reads its schedules' days and dates in German; an English one
keeps the English day names and the ISO dates its commands read back."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.commands.support import ok
from tests.console.test_session import say_all

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
