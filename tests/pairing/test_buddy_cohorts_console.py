"""/buddy per cohort in the console: rounds of a cohort pair only its members, with numbers and a
history of their own; scheduled cohort rounds on the virtual clock; scoped answers; refusals that
change nothing."""

from __future__ import annotations

from itertools import combinations

from sqlalchemy import select

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.storage.models import BuddyPair, BuddyRound
from tests.commands.support import ok, refused, snapshot
from tests.console.test_session import say_all

FALL = ("alice", "bob", "carl", "dana")
SPRING = ("dana", "erin", "fay", "gus")
"""dana is in both cohorts; hank joins pairing but is in neither."""


def opened(records: list[Record]) -> list[tuple[str, ...]]:
    """Return the members of each buddy group a line opened, sorted."""
    return [
        tuple(sorted(record.to))
        for record in records
        if record.kind == "group" and "Meet your buddies" in (record.text or "")
    ]


def welcomes(records: list[Record]) -> list[str]:
    return [r.text or "" for r in records if r.kind == "group" and "Meet your" in (r.text or "")]


def at(names: tuple[str, ...]) -> set[str]:
    return {f"@{name}" for name in names}


async def two_cohorts(console: ConsoleSession) -> None:
    """hana hosts; fall at #fall and spring at #spring; everyone, and hank, joined pairing."""
    lines = [f"@{name}: /buddy join" for name in sorted({*FALL, *SPRING, "hank"})]
    lines += [
        "@hana is host",
        "@hana: /cohort create fall #fall",
        "@hana: /cohort create spring #spring",
    ]
    lines += [f"@hana: /cohort add fall @{name}" for name in FALL]
    lines += [f"@hana: /cohort add spring @{name}" for name in SPRING]
    await say_all(console, *lines)


def pairs(groups: list[tuple[str, ...]]) -> set[tuple[str, str]]:
    return {pair for group in groups for pair in combinations(group, 2)}


async def test_each_cohorts_rounds_pair_only_its_members_numbered_and_without_repeats(
    console: ConsoleSession,
) -> None:
    await two_cohorts(console)
    met: set[tuple[str, str]] = set()
    for number in (1, 2, 3):  # four members: three rounds meet everyone once
        records = await console.say("@hana in #fall: /buddy round")
        assert (records[-1].text or "").startswith(
            f"fall cohort: Buddy round {number}: 4 members in 2 groups"
        )
        groups = opened(records)
        assert {name for group in groups for name in group} == at(FALL)
        assert not pairs(groups) & met, "no repeats within the cohort"
        met |= pairs(groups)
        assert all("round of the fall cohort" in text for text in welcomes(records))
    assert len(met) == 6

    spring = await console.say("@hana in #spring: /buddy round")
    assert (spring[-1].text or "").startswith("spring cohort: Buddy round 1: 4 members")
    assert {name for group in opened(spring) for name in group} == at(SPRING)  # dana again

    everyone = await console.say("@hana: /buddy round")  # typed in #general: the community
    assert (everyone[-1].text or "").startswith("Buddy round 1: 8 members in 4 groups")
    assert "cohort" not in (everyone[-1].text or "")
    assert {name for group in opened(everyone) for name in group} == at((*FALL, *SPRING, "hank"))

    async with console.app.database.reading() as connection:
        numbers = (
            await connection.execute(
                select(BuddyRound.cohort_id, BuddyRound.number).order_by(BuddyRound.id)
            )
        ).all()
        pools = {pool for (pool,) in await connection.execute(select(BuddyPair.pool).distinct())}
    fall_id, spring_id = numbers[0][0], numbers[3][0]
    assert numbers == [
        (fall_id, 1),
        (fall_id, 2),
        (fall_id, 3),
        (spring_id, 1),
        (None, 1),
    ]
    assert pools == {0, fall_id, spring_id}


async def test_a_cohort_round_in_a_thread_under_its_home_and_the_status_of_a_member_in_both(
    console: ConsoleSession,
) -> None:
    await two_cohorts(console)
    (posted,) = await console.say("@alice in #fall: week one, hello")
    fall = await console.say(f"@hana in thread {posted.id}: /buddy round")
    assert (fall[-1].text or "").startswith("fall cohort: Buddy round 1")
    (fall_group,) = [group for group in opened(fall) if "@dana" in group]
    spring = await console.say("@hana in #spring: /buddy round")
    (spring_group,) = [group for group in opened(spring) if "@dana" in group]
    status = await ok(console, "@dana: /buddy status")
    current = next(line for line in status.splitlines() if line.startswith("Current buddies"))
    for buddy in {*fall_group, *spring_group} - {"@dana"}:
        assert buddy in current
    await console.say("@hana in #fall: /buddy round")
    status = await ok(console, "@dana: /buddy status")
    (fall_buddy,) = set(fall_group) - {"@dana"}
    assert f"{fall_buddy} (fall round 1)" in status


async def test_a_cohort_with_fewer_than_two_members_in_pairing_is_refused_and_nothing_changes(
    console: ConsoleSession,
) -> None:
    await say_all(
        console,
        "@alice: /buddy join",
        "@bob: /profile timezone UTC",  # seen by Cohort, never joined pairing
        "@carl: /buddy join",  # in pairing, not in the cohort
        "@hana is host",
        "@hana: /cohort create solo #solo",
        "@hana: /cohort add solo @alice",
        "@hana: /cohort add solo @bob",
    )
    before = await snapshot(console.app)
    refusal = await refused(console, "@hana in #solo: /buddy round")
    assert refusal.startswith("solo cohort: A buddy round needs at least two members")
    assert "there is 1." in refusal
    assert await snapshot(console.app) == before


async def test_scheduled_cohort_rounds_run_on_the_clock_and_stats_count_only_the_cohort(
    console: ConsoleSession,
) -> None:
    await two_cohorts(console)
    scheduled = await ok(console, "@hana in #fall: /buddy schedule mon 09:00")
    assert scheduled.startswith("fall cohort: Buddy rounds will run every Monday at 09:00")
    named = await ok(console, "@hana: /buddy schedule tue 10:00 #spring every 2 weeks")
    assert named.startswith(
        "spring cohort: Buddy rounds will run every Tuesday at 10:00 (every 2 weeks)"
    )
    monday = await console.say("time 2026-01-05 09:00")
    assert {name for group in opened(monday) for name in group} == at(FALL)
    assert all("round of the fall cohort" in text for text in welcomes(monday))
    tuesday = await console.say("time 2026-01-06 10:00")
    assert {name for group in opened(tuesday) for name in group} == at(SPRING)
    next_monday = await console.say("time 2026-01-12 09:00")
    assert {name for group in opened(next_monday) for name in group} == at(FALL)

    fall_stats = await ok(console, "@hana in #fall: /buddy stats")
    assert fall_stats.startswith(
        "fall cohort: Buddy pairing: 4 members joined (0 paused); 2 rounds, 4 groups"
    )
    assert "Rounds run every Monday at 09:00" in fall_stats
    assert "Tuesday" not in fall_stats
    spring_stats = await ok(console, "@hana in #spring: /buddy stats")
    assert "1 round, 2 groups" in spring_stats
    community = await ok(console, "@hana: /buddy stats")  # every round held in the community
    assert community.startswith("Buddy pairing: 8 members joined (0 paused); 3 rounds, 6 groups")
    assert "Rounds run" not in community  # the community itself has no schedule

    assert await ok(console, "@hana in #fall: /buddy unschedule") == (
        "fall cohort: Buddy rounds are no longer scheduled."
    )
    assert opened(await console.say("time 2026-01-19 09:30")) == []
    assert "fall cohort: No buddy rounds are scheduled." in await refused(
        console, "@hana in #fall: /buddy unschedule"
    )
    assert "every 2 weeks" in await ok(console, "@hana in #spring: /buddy stats")


async def test_a_scheduled_cohort_round_without_enough_members_tells_the_hosts_naming_it(
    console: ConsoleSession,
) -> None:
    await say_all(
        console,
        "@alice: /buddy join",
        "@bob: /buddy join",
        "@hana is admin",
        "@hana: /setup channel hosts #hosts",
        "@hana: /cohort create solo #solo",
        "@hana: /cohort add solo @alice",
        "@hana in #solo: /buddy schedule tue 09:00",
    )
    records = await console.say("time 2026-01-06 09:00")
    (told,) = [r for r in records if r.kind == "post" and r.to == "#hosts"]
    assert "solo cohort: A buddy round needs at least two members" in (told.text or "")
    assert opened(records) == []


async def test_a_schedule_naming_a_channel_that_is_no_cohorts_home_is_refused(
    console: ConsoleSession,
) -> None:
    await two_cohorts(console)
    before = await snapshot(console.app)
    refusal = await refused(console, "@hana: /buddy schedule mon 09:00 #random")
    assert refusal.startswith("#random is no cohort's home")
    assert await snapshot(console.app) == before
    assert "host level" in await refused(console, "@alice in #fall: /buddy round")
