"""`/topic plan` in the console: the term week by week, breaks, pins the schedule misses, the
weeks already over, and a 52-week term cut into pages that each fit a Discord message."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.commands.support import ok, refused
from tests.console.test_session import say_all

# The console's clock starts on Monday 2026-01-05 08:00 UTC.
DISCORD_MESSAGE = 2000


async def fall_with_a_term(console: ConsoleSession, weeks: int) -> None:
    await say_all(console, "@hana is admin")
    await ok(console, "@hana: /cohort create fall #fall")
    await ok(console, f"@hana: /cohort term fall 2026-01-05 {weeks}")


async def test_the_plan_shows_each_week_its_posts_topics_and_a_break(
    console: ConsoleSession,
) -> None:
    await fall_with_a_term(console, 4)
    for line in (
        "@hana: /setup break 2026-01-19 2026-01-25",
        "@hana in #fall: /topic add A",
        "@hana in #fall: /topic add B",
        "@hana in #fall: /topic add week 3: Pinned",
        "@hana in #fall: /topic schedule #fall mon 09:00",
    ):
        await ok(console, line)
    assert (await ok(console, "@hana in #fall: /topic plan")).splitlines() == [
        "fall cohort: Term plan: 4 weeks from 2026-01-05 to 2026-02-08, times in UTC.",
        "Week 1, 2026-01-05 to 2026-01-11:",
        "  Mon 2026-01-05 09:00 in #fall: A",
        "Week 2, 2026-01-12 to 2026-01-18:",
        "  Mon 2026-01-12 09:00 in #fall: B",
        "2026-01-19 to 2026-01-25: break",
        "Week 3, 2026-01-26 to 2026-02-01:",
        "  Mon 2026-01-26 09:00 in #fall: Pinned (pinned)",
        "Week 4, 2026-02-02 to 2026-02-08:",
        "  Mon 2026-02-02 09:00 in #fall: A",
    ]
    await console.say("time 2026-01-13 00:00")
    assert (await ok(console, "@hana in #fall: /topic plan")).splitlines()[1:5] == [
        "1 week of the term is over.",
        "Week 2, 2026-01-12 to 2026-01-18:",
        "  posted: B",
        "2026-01-19 to 2026-01-25: break",
    ]


async def test_a_two_weekly_schedule_that_misses_a_pinned_week_is_warned_about(
    console: ConsoleSession,
) -> None:
    await fall_with_a_term(console, 4)
    added = await ok(console, "@hana in #fall: /topic add week 2: Never posted")
    number = added.split("topic ")[1].split(",")[0]
    await ok(console, "@hana in #fall: /topic schedule #hosts wed 18:00 every 2 weeks")
    plan = (await ok(console, "@hana in #fall: /topic plan")).splitlines()
    assert plan[1:3] == [
        "Week 1, 2026-01-05 to 2026-01-11:",
        "  Wed 2026-01-07 18:00 in #hosts: "
        "What is one idea from this week that changed how you think … (a starter prompt)",
    ]
    assert "Week 2, 2026-01-12 to 2026-01-18: no post scheduled" in plan
    assert plan[-1] == (
        f"⚠ Topic {number} is pinned to week 2, but no scheduled post falls in that week: it "
        "will not be posted."
    )


async def test_a_long_term_is_paged_and_every_page_fits_a_message(
    console: ConsoleSession,
) -> None:
    await fall_with_a_term(console, 52)
    long_text = "A rather long discussion prompt " * 20
    for line in (
        f"@hana in #fall: /topic add {long_text}",
        "@hana in #fall: /topic schedule #fall mon 09:00",
        "@hana in #fall: /topic schedule #fall-chat thu 18:00",
    ):
        await ok(console, line)
    first = await ok(console, "@hana in #fall: /topic plan")
    pages = int(first.splitlines()[-1].split(" of ")[1].split(":")[0])
    assert 3 <= pages <= 12
    seen_weeks = []
    for page in range(1, pages + 1):
        text = await ok(console, f"@hana in #fall: /topic plan {page}")
        assert len(text) < DISCORD_MESSAGE
        seen_weeks += [line.split(",")[0] for line in text.splitlines() if line.startswith("Week")]
    assert seen_weeks == [f"Week {number}" for number in range(1, 53)]
    assert "There are" in await refused(console, f"@hana in #fall: /topic plan {pages + 1}")


async def test_the_plan_needs_a_cohort_with_a_term(console: ConsoleSession) -> None:
    await say_all(console, "@hana is admin")
    await ok(console, "@hana: /cohort create spring #spring")
    assert await refused(console, "@hana: /topic plan") == (
        "Weeks belong to a cohort's term: type this in the cohort's home channel "
        "(see /cohort list)."
    )
    assert await refused(console, "@hana in #spring: /topic plan") == (
        "spring cohort: The cohort spring has no term yet, so it has no weeks: set one with "
        "/cohort term spring <YYYY-MM-DD> <weeks>."
    )
