"""`/cohort` in the console, end to end: the registry, membership, terms, archive and refusals."""

from __future__ import annotations

from datetime import time

import pytest

from adapters.console.session import ConsoleSession
from tests.commands.support import community_id, ok, refused, snapshot

# The console's clock starts on Monday 2026-01-05 in UTC.


@pytest.fixture
async def host(console: ConsoleSession) -> str:
    """Host hana, members bob and cai, and the cohort spring at #spring.

    cai holds the role 7, which a command names as on Discord, <@&7>.
    """
    for line in ("@hana joins", "@hana is host", "@bob joins", "@cai joins", "@cai gets &7"):
        await console.say(line)
    await ok(console, "@hana: /cohort create spring #spring")
    return "hana"


async def test_a_cohort_is_created_and_shown_with_its_members(
    console: ConsoleSession, host: str
) -> None:
    assert await ok(console, "@hana: /cohort add spring @bob") == "@bob is now in spring."
    assert await ok(console, "@hana: /cohort add Spring <@&7>") == (
        "Everyone holding &7 is now in spring."
    )
    shown = await ok(console, "@hana: /cohort show spring")
    assert shown.splitlines() == [
        "Cohort spring, at home in #spring.",
        "No term: set one with /cohort term spring <YYYY-MM-DD> <weeks>.",
        "2 members: @bob, @cai",
        "Role &7: 1 holder",
        "Schedules: none.",
    ]


async def test_a_command_in_the_home_channel_or_its_thread_applies_to_the_cohort(
    console: ConsoleSession, host: str
) -> None:
    await console.say("@bob in #spring: hello")
    in_home = await ok(console, "@hana in #spring: /cohort show")
    assert in_home.startswith("Cohort spring, at home in #spring.")
    elsewhere = await refused(console, "@hana: /cohort show")
    assert "no cohort's home" in elsewhere
    app = console.app
    found = await app.services.cohorts.for_channel(await community_id(app), "spring")
    assert found is not None
    assert found.name == "spring"


async def test_members_see_their_own_cohorts_and_hosts_see_all_with_counts(
    console: ConsoleSession, host: str
) -> None:
    await ok(console, "@hana: /cohort create autumn #autumn")
    await ok(console, "@hana: /cohort add autumn <@&7>")
    await ok(console, "@hana: /cohort add spring @bob")
    assert await ok(console, "@bob: /cohort list") == "Your cohorts: spring"
    assert await ok(console, "@cai: /cohort list") == "Your cohorts: autumn"
    assert await ok(console, "@hana: /cohort list") == (
        "Cohorts:\nautumn (#autumn): 1 member\nspring (#spring): 1 member"
    )


async def test_a_term_gives_the_current_week_and_a_break_week_has_none(
    console: ConsoleSession, host: str
) -> None:
    answer = await ok(console, "@hana: /cohort term spring 2025-12-22 10")
    assert "Term: 10 weeks from 2025-12-22 to 2026-03-01; now week 3." in answer
    await console.say("@hana is admin")
    await ok(console, "@hana: /setup break 2026-01-12 2026-01-18")
    await console.say("time +7d")
    shown = await ok(console, "@hana: /cohort show spring")
    assert "Term: 10 weeks from 2025-12-22 to 2026-03-08; this week is a break." in shown


async def test_archive_ends_a_cohort_and_keeps_it_listed(
    console: ConsoleSession, host: str
) -> None:
    assert "Archived spring" in await ok(console, "@hana: /cohort archive spring")
    assert (
        await ok(console, "@hana: /cohort list")
        == "Cohorts:\nspring (#spring): 0 members, archived"
    )
    app = console.app
    assert await app.services.cohorts.for_channel(await community_id(app), "spring") is None
    assert "archived" in await refused(console, "@hana: /cohort add spring @bob")


async def test_show_lists_the_cohorts_schedules_and_archive_stops_them(
    console: ConsoleSession, host: str
) -> None:
    app = console.app
    community = await community_id(app)
    spring = await app.services.cohorts.find(community, "spring")
    await app.services.schedules.set_weekly(community, "topic", "spring", 0, time(9), 1, spring.id)
    await app.services.schedules.set_weekly(community, "topic", "spring", 2, time(9), 1)
    await ok(console, "@hana in #spring: /buddy schedule tue 10:00")

    shown = (await ok(console, "@hana: /cohort show spring")).splitlines()

    assert shown[-3:] == [
        "Schedules:",
        "- topics in #spring: every Monday at 09:00, next 2026-01-05 09:00",
        "- buddy rounds: every Tuesday at 10:00, next 2026-01-06 10:00",
    ]  # the community's own schedule in the same channel is not the cohort's
    assert await ok(console, "@hana: /cohort archive spring") == (
        "Archived spring: its 2 schedules stopped, and what it did stays readable in /stats."
    )
    left = await app.services.schedules.for_community(community)
    assert [(info.rule.weekday, info.cohort_id) for info in left] == [(2, None)]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/cohort create spring #other", "already exists"),
        ("/cohort create SPRING #other", "already exists"),
        ("/cohort create autumn #spring", "already the home of the cohort spring"),
        ("/cohort create no_underscores #x", "letters, digits and dashes"),
        ("/cohort add winter @bob", "no cohort named winter"),
        ("/cohort add spring @nobody", "@nobody is not a member here"),
        ("/cohort add spring <@&99>", "no role &99"),
        ("/cohort remove spring @bob", "not listed in spring"),
        ("/cohort term spring 2026-01-05 0", "from 1 to 52 weeks"),
        ("/cohort term spring 2026-01-05 500", "from 1 to 52 weeks"),
        ("/cohort term spring 2025-01-06 4", "would have ended on 2025-02-02"),
        ("/cohort term spring 2026-13-01 4", "not a date on the calendar"),
        ("/cohort term spring 5.1.2026 4", "YYYY-MM-DD"),
        ("/cohort remove spring <@&7>", "not one of spring's roles"),
        ("/cohort follow spring", "Console does not support following"),
        ("/cohort archive winter", "no cohort named winter"),
    ],
)
async def test_bad_input_is_answered_privately_and_changes_nothing(
    console: ConsoleSession, host: str, line: str, says: str
) -> None:
    before = await snapshot(console.app)
    assert says in await refused(console, f"@hana: {line}")
    assert await snapshot(console.app) == before


async def test_members_cannot_change_cohorts(console: ConsoleSession, host: str) -> None:
    before = await snapshot(console.app)
    assert "host" in await refused(console, "@bob: /cohort add spring @bob")
    assert await snapshot(console.app) == before


async def test_a_forgotten_member_leaves_every_cohort(console: ConsoleSession, host: str) -> None:
    await ok(console, "@hana: /cohort add spring @bob")
    app = console.app
    bob = await app.services.members.find_id(await community_id(app), "bob")
    await app.services.members.forget(bob)
    shown = await ok(console, "@hana: /cohort show spring")
    assert "@bob" not in shown
