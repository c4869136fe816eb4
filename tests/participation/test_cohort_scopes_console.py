"""/quiet list and /stats typed in a cohort's home count only its members; typed
elsewhere, the whole community as before. A member of two cohorts counts in each."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.commands.support import ok, refused, snapshot
from tests.console.test_session import say_all
from tests.participation.cohort_support import cohort_post, mentioned, two_cohorts


async def test_quiet_list_in_a_cohort_lists_only_its_members(console: ConsoleSession) -> None:
    await two_cohorts(console)
    await console.say("time +15d")
    await console.say("@alice: back after a while")
    fall = await ok(console, "@hana in #fall: /quiet list")
    assert (
        fall.splitlines()[0] == "fall cohort: Quiet for 14+ days: 2 members, longest quiet first."
    )
    assert mentioned(fall) == {"@bob", "@carl"}
    spring = await ok(console, "@hana in #spring: /quiet list")
    assert spring.splitlines()[0].startswith("spring cohort: Quiet for 14+ days: 2 members")
    assert mentioned(spring) == {"@carl", "@dina"}
    everyone = await ok(console, "@hana: /quiet list")
    assert everyone.startswith("Quiet for 14+ days: ")  # the community: no cohort named
    assert {"@bob", "@carl", "@dina", "@erin"} <= mentioned(everyone)


async def test_a_thread_under_a_cohorts_home_applies_to_the_cohort(
    console: ConsoleSession,
) -> None:
    await two_cohorts(console)
    records = await console.say("@alice in #spring: anyone around?")
    (root,) = [r.id for r in records if r.author == "@alice"]
    await console.say("time +15d")
    answer = await ok(console, f"@hana in thread {root}: /quiet list")
    assert answer.startswith("spring cohort: Quiet for 14+ days: 2 members")


async def test_nobody_quiet_in_a_cohort_is_said_for_the_cohort(console: ConsoleSession) -> None:
    await two_cohorts(console)
    assert await ok(console, "@hana in #fall: /quiet list 3") == (
        "fall cohort: Nobody has been quiet for 3 days or more."
    )


async def test_bad_days_in_a_cohort_change_nothing(console: ConsoleSession) -> None:
    await two_cohorts(console)
    before = await snapshot(console.app)
    assert "Choose between 1 and 365 days" in await refused(
        console, "@hana in #fall: /quiet list 0"
    )
    assert await snapshot(console.app) == before


async def test_stats_in_a_cohort_count_its_members_and_its_own_topic_posts(
    console: ConsoleSession,
) -> None:
    await two_cohorts(console)
    first = await cohort_post(console, "fall", "Fall's first prompt", None)
    second = await cohort_post(console, "fall", "Fall's second prompt", None)
    await cohort_post(console, "spring", "Spring's prompt", None)
    await say_all(
        console,
        f"@alice in thread {first}: my answer",
        f"@dina in thread {first}: a visitor's answer",  # not in fall: not counted there
        f"@bob in thread {second}: mine",
        "@carl in #spring: Does anyone know a good linear algebra book?",
        "@erin: hello",
    )
    await console.say("time +2d")
    fall = await ok(console, "@hana in #fall: /stats")
    assert fall.startswith("fall cohort: 📊 Cohort health")
    assert "Active members: 3 in 7 days, 3 in 30 days (of 3)" in fall
    assert "New members without an intro: 3" in fall
    assert "(30 days, 3 posters, 3 messages)" in fall
    assert "questions with no reply within 24 hours, 30 days): 1 of 1" in fall  # carl's
    assert "“Fall's second prompt”: 1 reply from 1 member" in fall
    assert "“Fall's first prompt”: 1 reply from 1 member" in fall
    assert "Spring's prompt" not in fall
    assert "Active but not in the last two topic threads: @carl" in fall
    assert "Pairing meeting rate (whole community): no pairing rounds yet" in fall
    assert "• Now:" not in fall  # no term
    spring = await ok(console, "@hana in #spring: /stats")
    assert "Active members: 2 in 7 days, 2 in 30 days (of 2)" in spring
    assert "“Spring's prompt”: 0 replies from 0 members" in spring
    assert "Fall's" not in spring
    everyone = await ok(console, "@hana: /stats")
    assert everyone.startswith("📊 Community health")
    assert "(of 6)" in everyone  # hana and the five
    assert "Topic threads: none posted yet" in everyone  # every post was a cohort's
    assert "Pairing meeting rate: no pairing rounds yet" in everyone


async def test_a_cohort_topic_posted_in_its_home_counts_in_its_stats_end_to_end(
    console: ConsoleSession,
) -> None:
    await two_cohorts(console)
    await ok(console, "@hana in #fall: /topic add What did you build this week?")
    records = await console.say("@hana in #fall: /topic post")
    (post,) = [r for r in records if r.kind == "post" and r.to == "#fall"]
    await say_all(
        console,
        f"@alice in thread {post.id}: a parser",
        f"@dina in thread {post.id}: not in fall",  # a visitor: not counted for fall
    )
    fall = await ok(console, "@hana in #fall: /stats")
    spring = await ok(console, "@hana in #spring: /stats")
    assert "“What did you build this week?”: 1 reply from 1 member" in fall
    assert "What did you build this week?" not in spring


async def test_an_archived_cohorts_figures_stay_readable_in_its_home(
    console: ConsoleSession,
) -> None:
    await two_cohorts(console)
    await console.say("@alice in #fall: still here")
    await ok(console, "@hana: /cohort archive fall")
    fall = await ok(console, "@hana in #fall: /stats")
    assert fall.startswith("fall cohort: 📊 Cohort health")
    assert "(of 3)" in fall  # its three members, as when it ran
    assert "no cohort's home" in await refused(console, "@hana in #fall: /cohort show")
    quiet = await ok(console, "@hana in #fall: /quiet list")
    assert quiet == "Nobody has been quiet for 14 days or more."  # the community: no cohort
