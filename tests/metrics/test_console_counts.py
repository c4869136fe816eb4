"""What the console's real paths count: events, commands, occurrences, activity, check-ins,
reminders (the app's own registry, read after each step)."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from bot.app import App
from tests.console.test_session import say_all
from tests.metrics.support import value


async def test_commands_are_counted_by_path_and_outcome_with_their_latency(
    console: ConsoleSession, app: App
) -> None:
    await say_all(
        console,
        "@hana is admin",
        "@alice: /help",
        "@alice: /topic add Something",  # a host's command: refused
        "@alice: /no-such-command",
        "@hana: /topic schedule #topics someday 18:00",  # a bad option
        "@hana: /topic add Something",
        "@hana: /topic add Something",  # a duplicate: the service refuses it
    )
    assert value(app, "cohort_commands_total", command="help", outcome="ok") == 1
    assert value(app, "cohort_commands_total", command="topic add", outcome="refused") == 1
    assert value(app, "cohort_commands_total", command="(unknown)", outcome="usage") == 1
    assert value(app, "cohort_commands_total", command="topic schedule", outcome="usage") == 1
    assert value(app, "cohort_commands_total", command="topic add", outcome="ok") == 1
    assert value(app, "cohort_commands_total", command="topic add", outcome="user_error") == 1
    assert value(app, "cohort_command_seconds_count", command="topic add") == 3
    assert value(app, "cohort_events_total", type="CommandInvoked") == 6


async def test_events_are_counted_by_type(console: ConsoleSession, app: App) -> None:
    await say_all(console, "@alice joins", "@alice: hello", "@alice: again")
    assert value(app, "cohort_events_total", type="MemberJoined") == 1
    assert value(app, "cohort_events_total", type="MessagePosted") == 2


async def test_the_activity_buffer_gauge_and_flush_histogram_move(
    console: ConsoleSession, app: App
) -> None:
    await say_all(console, "@alice: hello", "@bob: hi")
    assert value(app, "cohort_activity_buffer_size") == 2
    flushes = value(app, "cohort_activity_flush_seconds_count")
    await app.services.activity.flush()
    assert value(app, "cohort_activity_buffer_size") == 0
    assert value(app, "cohort_activity_flush_seconds_count") == flushes + 1


async def test_a_scheduled_post_on_the_virtual_clock_counts_a_done_occurrence(
    console: ConsoleSession, app: App
) -> None:
    await say_all(
        console,
        "@hana is admin",
        "@hana: /topic add What surprised you?",
        "@hana: /topic schedule #topics wed 18:00",
        "time 2026-01-07 18:00",
    )
    assert value(app, "cohort_occurrences_total", kind="topic", outcome="done") == 1
    await say_all(console, "@hana: /setup break 2026-01-12 2026-01-16", "time +7d")
    assert value(app, "cohort_occurrences_total", kind="topic", outcome="paused") == 1
    assert value(app, "cohort_occurrences_total", kind="topic", outcome="done") == 1


async def test_intro_reminders_and_quiet_check_ins_are_counted_when_sent(
    console: ConsoleSession, app: App
) -> None:
    await say_all(console, "@hana is admin", "@alice joins", "time +4d")
    assert value(app, "cohort_reminders_sent_total", kind="intro") == 1
    assert value(app, "cohort_checkins_sent_total", kind="quiet") == 0
    await console.say("time +12d")
    assert value(app, "cohort_checkins_sent_total", kind="quiet") == 1


async def test_buddy_check_ins_are_counted_when_sent(console: ConsoleSession, app: App) -> None:
    await say_all(
        console, "@hana is host", "@alice: /buddy join", "@bob: /buddy join", "@hana: /buddy round"
    )
    assert value(app, "cohort_checkins_sent_total", kind="buddy") == 0
    await console.say("time +4d")
    assert value(app, "cohort_checkins_sent_total", kind="buddy") == 1
