"""Topics per cohort in the console, end to end: own banks and schedules beside the community's,
week pins posted in their week (a skipped week's pin is not carried over), the fallbacks, and
suggestions that go to the bank of where they were made."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import App
from bot.storage.models import TopicPost
from bot.topics.starters import starter_topic
from tests.commands.support import ok, refused
from tests.console.test_session import say_all
from tests.topics.test_weekly_topics import bot_posts

# The console's clock starts on Monday 2026-01-05 08:00 UTC.
TOPIC = "💬 Discussion topic: "


@pytest.fixture
async def cohorts(console: ConsoleSession) -> ConsoleSession:
    """Admin hana, the hosts channel, and two cohorts: fall (#fall, a 6-week term from today)
    and spring (#spring, no term)."""
    await say_all(console, "@hana is admin", "@hana: /setup channel hosts #hosts")
    for line in (
        "@hana: /cohort create fall #fall",
        "@hana: /cohort create spring #spring",
        "@hana: /cohort term fall 2026-01-05 6",
    ):
        await ok(console, line)
    return console


def texts(records: list[Record], channel: str) -> list[str]:
    return [post.text or "" for post in bot_posts(records, channel)]


async def posted_rows(app: App) -> list[tuple[str, int | None, int | None, str]]:
    """Return each topic post's channel, cohort, week and text, oldest first."""
    query = select(
        TopicPost.channel_external_id, TopicPost.cohort_id, TopicPost.week, TopicPost.text
    ).order_by(TopicPost.id)
    async with app.database.reading() as connection:
        return [tuple(row) for row in (await connection.execute(query)).all()]  # type: ignore[misc]


async def cohort_id(app: App, name: str) -> int:
    community = await app.services.communities.ensure(COMMUNITY)
    return (await app.services.cohorts.find(community, name)).id


async def test_two_cohorts_keep_their_own_banks_and_schedules_beside_the_community(
    cohorts: ConsoleSession, app: App
) -> None:
    console = cohorts
    assert (await ok(console, "@hana in #fall: /topic add Fall one")).startswith(
        "fall cohort: Added topic "
    )
    await ok(console, "@hana in #fall: /topic add Fall two")
    await ok(console, "@hana in #spring: /topic add Spring one")
    await ok(console, "@hana: /topic add Community one")
    scheduled = await ok(console, "@hana in #hosts: /topic schedule #fall mon 09:00")
    assert scheduled.startswith("fall cohort: Topics will be posted in #fall every Monday")
    await ok(console, "@hana in #spring: /topic schedule #spring-talk tue 09:00")
    await ok(console, "@hana: /topic schedule #topics wed 09:00")
    shared = await ok(console, "@hana in #fall: /topic schedule #topics thu 09:00")
    assert "replaces" not in shared  # a cohort's schedule and the community's share #topics
    records = await console.say("time 2026-01-08 12:00")
    assert texts(records, "#fall") == [f"Week 1\n{TOPIC}Fall one"]
    assert texts(records, "#spring-talk") == [f"{TOPIC}Spring one"]  # no term: no week
    assert texts(records, "#topics") == [f"{TOPIC}Community one", f"Week 1\n{TOPIC}Fall two"]
    fall, spring = await cohort_id(app, "fall"), await cohort_id(app, "spring")
    assert await posted_rows(app) == [
        ("fall", fall, 1, "Fall one"),
        ("spring-talk", spring, None, "Spring one"),
        ("topics", None, None, "Community one"),
        ("topics", fall, 1, "Fall two"),
    ]
    fall_list = await ok(console, "@hana in #fall: /topic list")
    assert fall_list.startswith("fall cohort: Topic bank, page 1 of 1 (2 topics, next first):")
    assert "Spring one" not in fall_list
    assert "Community one" not in fall_list
    everything = await ok(console, "@hana: /topic schedules")
    assert "#fall (fall cohort): every Monday at 09:00" in everything
    assert "#spring-talk (spring cohort): every Tuesday at 09:00" in everything
    assert "#topics: every Wednesday at 09:00" in everything
    assert "#topics (fall cohort): every Thursday at 09:00" in everything
    only_fall = (await ok(console, "@hana in #fall: /topic schedules")).splitlines()
    assert only_fall[0] == "fall cohort: Topic schedules (UTC):"
    assert [line.split(":")[0] for line in only_fall[1:]] == ["#fall", "#topics"]
    stopped = await ok(console, "@hana: /topic unschedule #topics")  # the community's
    assert stopped == "Topics are no longer posted in #topics."
    assert "#topics (fall cohort): every Thursday" in await ok(console, "@hana: /topic schedules")
    stopped = await ok(console, "@hana in #hosts: /topic unschedule #fall")  # names fall's home
    assert stopped == "fall cohort: Topics are no longer posted in #fall."


async def test_a_command_in_a_thread_under_the_home_applies_to_the_cohort(
    cohorts: ConsoleSession,
) -> None:
    console = cohorts
    await ok(console, "@hana in #fall: /topic add Thread topic")
    (message,) = await console.say("@bob in #fall: hello")
    listed = await ok(console, f"@hana in thread {message.id}: /topic next")
    assert listed == "fall cohort: Next topic (from the bank): Thread topic"


async def test_pins_post_at_the_first_post_of_their_week_and_a_skipped_weeks_pin_is_gone(
    cohorts: ConsoleSession, app: App
) -> None:
    console = cohorts
    for line in (
        "@hana in #fall: /topic add Rotation A",
        "@hana in #fall: /topic add Rotation B",
        "@hana in #fall: /topic add week 2: Pinned two",
        "@hana in #fall: /topic add WEEK 3:Pinned three",
    ):
        await ok(console, line)
    listing = await ok(console, "@hana in #fall: /topic list")
    assert listing.splitlines()[-2:] == [
        listing.splitlines()[-2].split(".")[0] + ". Pinned two (week 2)",
        listing.splitlines()[-1].split(".")[0] + ". Pinned three (week 3)",
    ]
    # Every two weeks from week 1: weeks 1, 3 and 5 post; week 2's pin is never posted.
    await ok(console, "@hana in #fall: /topic schedule #fall mon 09:00 every 2 weeks")
    week_one = await console.say("time 2026-01-05 10:00")
    assert texts(week_one, "#fall") == [f"Week 1\n{TOPIC}Rotation A"]
    week_three = await console.say("time 2026-01-19 10:00")
    assert texts(week_three, "#fall") == [f"Week 3\n{TOPIC}Pinned three"]
    later = await console.say("@hana in #fall: /topic post")  # a later post of week 3
    assert texts(later, "#fall") == [f"Week 3\n{TOPIC}Rotation B"]
    week_five = await console.say("time 2026-02-02 10:00")
    assert texts(week_five, "#fall") == [f"Week 5\n{TOPIC}Rotation A"]
    weeks = [(week, text) for _channel, _cohort, week, text in await posted_rows(app)]
    assert weeks == [
        (1, "Rotation A"),
        (3, "Pinned three"),
        (3, "Rotation B"),
        (5, "Rotation A"),
    ]
    after_the_term = await console.say("time 2026-03-01 00:00")
    assert bot_posts(after_the_term, "#fall") == []  # the term ended after week 6


async def test_pin_and_unpin_change_a_topic_later(cohorts: ConsoleSession) -> None:
    console = cohorts
    added = await ok(console, "@hana in #fall: /topic add Later")
    number = added.split("topic ")[1].split(":")[0]
    assert await ok(console, f"@hana in #fall: /topic pin {number} 1") == (
        f"fall cohort: Pinned topic {number} to week 1: Later"
    )
    await ok(console, "@hana in #fall: /topic add Other")
    assert await ok(console, "@hana in #fall: /topic next") == (
        "fall cohort: Next topic (pinned to week 1): Later"
    )
    assert await ok(console, f"@hana in #fall: /topic pin {number} 2") == (
        f"fall cohort: Moved topic {number}'s pin from week 1 to week 2: Later"
    )
    assert await ok(console, "@hana in #fall: /topic next") == (
        "fall cohort: Next topic (from the bank): Other"
    )
    assert await ok(console, f"@hana in #fall: /topic unpin {number}") == (
        f"fall cohort: Topic {number} is no longer pinned to week 2; it takes its turn with the "
        "others: Later"
    )


async def test_an_empty_cohort_bank_falls_back_to_the_community_then_the_starters(
    cohorts: ConsoleSession,
) -> None:
    console = cohorts
    added = await ok(console, "@hana: /topic add Community topic")
    number = added.split("topic ")[1].split(":")[0]
    assert await ok(console, "@hana in #fall: /topic next") == (
        "fall cohort: Next topic (from the community's bank): Community topic"
    )
    assert "Next up, from the community's bank: Community topic" in await ok(
        console, "@hana in #fall: /topic list"
    )
    await ok(console, "@hana in #fall: /topic schedule #fall mon 09:00")
    first = await console.say("time 2026-01-05 10:00")
    assert texts(first, "#fall") == [f"Week 1\n{TOPIC}Community topic"]
    await ok(console, f"@hana: /topic remove {number}")
    second = await console.say("time 2026-01-12 10:00")
    assert texts(second, "#fall") == [f"Week 2\n{TOPIC}{starter_topic(0)}"]


async def test_a_suggestion_made_in_a_cohort_joins_that_cohorts_bank(
    cohorts: ConsoleSession,
) -> None:
    console = cohorts
    records = await console.say("@mia in #fall: /topic suggest Fall idea?")
    (card,) = [record for record in records if record.to == "#hosts"]
    assert card.text == "fall cohort: New topic suggestion from @mia:"
    assert any(
        record.kind == "ephemeral" and (record.text or "").startswith("fall cohort: Thanks!")
        for record in records
    )
    assert "1 suggestion awaits" in await ok(console, "@hana in #fall: /topic list")
    await console.say(f'@hana presses "Approve" on {card.id}')
    assert "Fall idea?" in await ok(console, "@hana in #fall: /topic list")
    assert "Fall idea?" not in await ok(console, "@hana: /topic list")
    # The same text may be in another bank: each bank checks its own duplicates.
    await ok(console, "@hana: /topic add Fall idea?")
    assert "already in the topic bank" in await refused(
        console, "@hana in #fall: /topic add fall IDEA?"
    )
