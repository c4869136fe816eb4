"""A cohort's /stats and digest with a term: the current week and the figures of each week so far,
on the virtual clock; the cohort's digest posts once a week beside the community's."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from tests.commands.support import ok, refused, snapshot
from tests.console.test_session import say_all
from tests.participation.cohort_support import cohort_post, two_cohorts


def term_lines(answer: str) -> list[str]:
    """Return the lines about the term: where it stands now and each week's."""
    return [line for line in answer.splitlines() if line.startswith(("• Now", "• Week"))]


async def two_weeks_of_fall(console: ConsoleSession) -> None:
    """Fall's term starts on Monday 2026-01-05 for 4 weeks; a topic and replies in weeks 1, 2."""
    await two_cohorts(console)
    await ok(console, "@hana: /cohort term fall 2026-01-05 4")
    first = await cohort_post(console, "fall", "What brought you here?", 1)
    await say_all(
        console,
        f"@alice in thread {first}: curiosity",
        f"@bob in thread {first}: my job",
        f"@dina in thread {first}: just visiting",  # not in fall
        "@alice in #fall: see you next week",
        "time 2026-01-12 08:00",
    )
    second = await cohort_post(console, "fall", "What surprised you?", 2)
    await console.say(f"@carl in thread {second}: recursion")


async def test_the_current_week_and_each_week_so_far(console: ConsoleSession) -> None:
    await two_weeks_of_fall(console)
    assert term_lines(await ok(console, "@hana in #fall: /stats")) == [
        "• Now: Week 2 of 4",
        "• Week 1: 1 topic post, 2 replies from 2 members; 2 members active, 3 messages",
        "• Week 2: 1 topic post, 1 reply from 1 member; 1 member active, 1 message",
    ]
    spring = await ok(console, "@hana in #spring: /stats")
    assert term_lines(spring) == []  # no term: no weeks
    await ok(console, "@hana: /setup break 2026-01-19 2026-01-25")
    await console.say("time 2026-01-20 12:00")
    on_break = term_lines(await ok(console, "@hana in #fall: /stats"))
    assert on_break[0] == "• Now: on a break"
    assert len(on_break) == 3  # weeks 1 and 2; the break week has no number
    await console.say("time 2026-01-27 12:00")
    assert term_lines(await ok(console, "@hana in #fall: /stats"))[0] == "• Now: Week 3 of 4"
    await console.say("@bob in #fall: week three, finally")
    await console.say("time 2026-02-10 12:00")
    ended = term_lines(await ok(console, "@hana in #fall: /stats"))
    assert ended == [
        "• Now: the term ended on 2026-02-08",  # four weeks and the break week
        "• Week 1: 1 topic post, 2 replies from 2 members; 2 members active, 3 messages",
        "• Week 2: 1 topic post, 1 reply from 1 member; 1 member active, 1 message",
        "• Week 3: 0 topic posts, 0 replies from 0 members; 1 member active, 1 message",
        "• Week 4: 0 topic posts, 0 replies from 0 members; 0 members active, 0 messages",
    ]


async def test_before_the_term_no_week_is_counted(console: ConsoleSession) -> None:
    await two_cohorts(console)
    await ok(console, "@hana: /cohort term spring 2026-02-02 6")
    assert term_lines(await ok(console, "@hana in #spring: /stats")) == [
        "• Now: before the term, which starts on 2026-02-02"
    ]


def digests(records: list[Record]) -> list[Record]:
    return [r for r in records if r.kind == "post" and r.to == "#hosts"]


async def test_a_cohorts_digest_posts_once_a_week_beside_the_communitys(
    console: ConsoleSession,
) -> None:
    await two_weeks_of_fall(console)  # now Monday 2026-01-12 08:00, week 2
    answer = await ok(console, "@hana in #fall: /stats digest mon 09:00")
    assert answer.startswith("fall cohort: The participation digest will be posted in #hosts")
    assert "every Monday at 09:00, next 2026-01-12 09:00" in answer
    await ok(console, "@hana: /stats digest mon 09:00")  # the community's own
    named = await ok(console, "@hana in #hosts: /stats digest tue 09:00 #spring")
    assert named.startswith("spring cohort: The participation digest will be posted in #hosts")
    posted = digests(await console.say("time 2026-01-13 10:00"))
    headings = sorted((r.text or "").splitlines()[0] for r in posted)
    assert headings == [
        "fall cohort: 📊 Weekly participation digest",
        "spring cohort: 📊 Weekly participation digest",
        "📊 Weekly participation digest",
    ]
    (fall,) = [r for r in posted if (r.text or "").startswith("fall")]
    assert fall.at == datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
    assert term_lines(fall.text or "")[:2] == [
        "• Now: Week 2 of 4",
        "• Week 1: 1 topic post, 2 replies from 2 members; 2 members active, 3 messages",
    ]
    assert "(of 3)" in (fall.text or "")
    stopped = await ok(console, "@hana in #hosts: /stats undigest #fall")
    assert stopped == "fall cohort: The weekly participation digest is stopped."
    later = digests(await console.say("time 2026-01-20 10:00"))
    assert sorted((r.text or "").splitlines()[0] for r in later) == [
        "spring cohort: 📊 Weekly participation digest",
        "📊 Weekly participation digest",
    ]
    again = await refused(console, "@hana in #fall: /stats undigest")
    assert again.startswith("fall cohort: No digest is scheduled.")


async def test_a_channel_that_is_no_cohorts_home_is_refused_and_changes_nothing(
    console: ConsoleSession,
) -> None:
    await two_cohorts(console)
    before = await snapshot(console.app)
    answer = await refused(console, "@hana in #hosts: /stats digest mon 09:00 #general")
    assert answer.startswith("#general is not the home of a cohort.")
    assert await snapshot(console.app) == before
    assert "not the home of a cohort" in await refused(console, "@hana: /stats undigest #nowhere")
    assert await snapshot(console.app) == before
