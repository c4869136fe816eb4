"""Weekly topics in the console on the virtual clock: on time, with a thread, in local time."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import App
from bot.topics.starters import starter_topic
from tests.console.test_session import say_all


def bot_posts(records: list[Record], channel: str = "#topics") -> list[Record]:
    return [record for record in records if record.kind == "post" and record.to == channel]


async def host_with_bank(console: ConsoleSession, *topics: str) -> None:
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup channel hosts #hosts",
        *(f"@hana: /topic add {topic}" for topic in topics),
    )


async def test_a_weekly_topic_is_posted_on_time_with_replies_recorded(
    console: ConsoleSession, app: App
) -> None:
    await host_with_bank(console, "What surprised you this week?", "Share one resource")
    answer = await console.say("@hana: /topic schedule #topics wed 18:00")
    assert "every Wednesday at 18:00, next 2026-01-07 18:00" in (answer[-1].text or "")
    records = await console.say("time 2026-01-07 17:59")
    assert bot_posts(records) == []
    records = await console.say("time 2026-01-07 18:00")
    (post,) = bot_posts(records)
    assert post.text == "💬 Discussion topic: What surprised you this week?"
    assert post.at == datetime(2026, 1, 7, 18, 0, tzinfo=UTC)
    await say_all(
        console, f"@alice in thread {post.id}: Recursion!", f"@bob in thread {post.id}: +1"
    )
    community_id = await app.services.communities.ensure(COMMUNITY)
    await app.services.activity.flush()  # replies are recorded with the activity batch
    responders = await app.services.topics.responses(community_id, post.id or "")
    assert len(responders) == 2
    records = await console.say("time +7d")
    assert [p.text for p in bot_posts(records)] == ["💬 Discussion topic: Share one resource"]


async def test_the_bank_goes_round_before_repeating_and_new_topics_go_first(
    console: ConsoleSession,
) -> None:
    await host_with_bank(console, "One", "Two")
    await console.say("@hana: /topic schedule #topics mon 09:00")
    texts = []
    for _ in range(3):
        texts += [p.text for p in bot_posts(await console.say("time +7d"))]
    await console.say("@hana: /topic add Three")
    texts += [p.text for p in bot_posts(await console.say("time +7d"))]
    assert [text.removeprefix("💬 Discussion topic: ") for text in texts if text] == [
        "One",
        "Two",
        "One",
        "Three",
    ]


async def test_an_empty_bank_uses_the_starter_prompts_in_turn(console: ConsoleSession) -> None:
    await host_with_bank(console)
    preview = await console.say("@hana: /topic next")
    assert "a starter prompt" in (preview[-1].text or "")
    first = await say_all(console, "@hana: /topic post #topics", "@hana: /topic post #topics")
    texts = [p.text for p in bot_posts(first)]
    assert len(texts) == 2
    assert texts[0] != texts[1]
    assert texts[0] == "💬 Discussion topic: " + (preview[-1].text or "").split(": ", 1)[1]


async def test_every_two_weeks_skips_the_weeks_between(console: ConsoleSession) -> None:
    await host_with_bank(console, "A", "B", "C")
    await console.say("@hana: /topic schedule #topics tue 10:00 every 2 weeks")
    posts = bot_posts(await console.say("time 2026-02-04 00:00"))
    assert [post.at.date().isoformat() for post in posts] == [
        "2026-01-06",
        "2026-01-20",
        "2026-02-03",
    ]


async def test_skip_unschedule_and_the_schedule_list(console: ConsoleSession) -> None:
    await host_with_bank(console, "First", "Second")
    records = await say_all(
        console,
        "@hana: /topic schedule #topics fri 12:00",
        "@hana: /topic skip",
        "@hana: /topic schedules",
    )
    skipped, listed = [r.text or "" for r in records if r.kind == "ephemeral"][1:]
    assert "Skipped: First" in skipped
    assert "Next up: Second" in skipped
    assert "#topics: every Friday at 12:00" in listed
    assert [p.text for p in bot_posts(await console.say("time +5d"))] == [
        "💬 Discussion topic: Second"
    ]
    records = await say_all(console, "@hana: /topic unschedule #topics", "time +14d")
    assert bot_posts(records) == []
    refused = await console.say("@hana: /topic unschedule #topics")
    assert refused[-1].error


async def test_a_new_time_replaces_the_old_one_for_the_channel(console: ConsoleSession) -> None:
    await host_with_bank(console, "Only")
    await say_all(
        console,
        "@hana: /topic schedule #topics mon 09:00",
        "@hana: /topic schedule #topics thu 09:00",
    )
    posts = bot_posts(await console.say("time +7d"))
    assert [post.at.strftime("%a %H:%M") for post in posts] == ["Thu 09:00"]


async def test_the_community_time_zone_sets_the_posting_moment(console: ConsoleSession) -> None:
    await host_with_bank(console, "Zone")
    await say_all(
        console,
        "@hana: /topic schedule #topics wed 09:00",
        "@hana: /setup timezone America/New_York",
    )
    posts = bot_posts(await console.say("time +7d"))
    assert [post.at.astimezone(UTC) for post in posts] == [datetime(2026, 1, 7, 14, 0, tzinfo=UTC)]


async def test_members_cannot_manage_topics_and_bad_input_changes_nothing(
    console: ConsoleSession,
) -> None:
    await host_with_bank(console, "Kept")
    records = await say_all(
        console,
        "@alice: /topic add Mine",
        "@hana: /topic schedule #topics someday 09:00",
        "@hana: /topic schedule #topics mon 25:00",
        "@hana: /topic schedule #topics mon 09:00 every fortnight",
        "@hana: /topic schedule #topics mon 09:00 every 0 weeks",
        "@hana: /topic remove 999",
        "@hana: /topic list 7",
    )
    errors = [record for record in records if record.kind == "ephemeral"]
    assert len(errors) == 7
    assert all(record.error for record in errors)
    listing = await console.say("@hana: /topic list")
    assert "(1 topic, next first)" in (listing[-1].text or "")
    assert "Kept" in (listing[-1].text or "")
    schedules = await console.say("@hana: /topic schedules")
    assert "No topics are scheduled" in (schedules[-1].text or "")
    assert bot_posts(await console.say("time +14d")) == []


async def test_suggestions_are_approved_or_rejected_by_button(console: ConsoleSession) -> None:
    await host_with_bank(console)
    records = await say_all(
        console,
        "@mia: /topic suggest Favourite tools?",
        "@mia: /topic suggest Tabs or spaces?",
    )
    cards = [record for record in records if record.to == "#hosts"]
    assert len(cards) == 2
    assert cards[0].buttons == ("Approve", "Reject", "Claim")
    assert ("Suggested topic", "Favourite tools?") in cards[0].fields
    refused = await console.say(f'@mia presses "Approve" on {cards[0].id}')
    assert refused[-1].error
    approved = await console.say(f'@hana presses "Approve" on {cards[0].id}')
    rejected = await console.say(f'@hana presses "Reject" on {cards[1].id}')
    assert any(r.kind == "dm" and r.to == "@mia" and "approved" in (r.text or "") for r in approved)
    assert any(r.kind == "edit" and "approved by" in (r.text or "") for r in approved)
    assert any(r.kind == "dm" and "decided not to use" in (r.text or "") for r in rejected)
    again = await console.say(f'@hana presses "Approve" on {cards[1].id}')
    assert again[-1].kind == "error"  # the decided card has no buttons any more
    listing = await console.say("@hana: /topic list")
    assert "Favourite tools?" in (listing[-1].text or "")
    assert "Tabs or spaces?" not in (listing[-1].text or "")


async def test_a_suggestion_without_a_hosts_channel_is_refused_and_not_saved(
    console: ConsoleSession,
) -> None:
    records = await say_all(console, "@hana is admin", "@mia: /topic suggest Anything?")
    assert records[-1].error
    assert "hosts channel" in (records[-1].text or "")
    listing = await console.say("@hana: /topic list")
    assert "suggestion" not in (listing[-1].text or "")


async def test_a_break_pauses_the_schedule_and_it_resumes_after(console: ConsoleSession) -> None:
    await host_with_bank(console, "W1", "W2", "W3")
    records = await say_all(
        console,
        "@hana: /topic schedule #topics mon 09:00",
        "@hana: /setup break 2026-01-12 2026-01-18",
        "@hana: /setup breaks",
    )
    assert "2026-01-12 to 2026-01-18 (7 days)" in (records[-1].text or "")
    posts = bot_posts(await console.say("time 2026-01-20 00:00"))
    assert [post.at.date().isoformat() for post in posts] == ["2026-01-05", "2026-01-19"]
    refused = await say_all(
        console,
        "@hana: /setup break 2026-02-10 2026-02-01",
        "@hana: /setup break 2026-01-15 2026-01-20",
        "@hana: /setup break 2026-02-30 2026-03-01",
        "@hana: /setup unbreak 2026-03-01",
    )
    assert all(record.error for record in refused if record.kind == "ephemeral")
    removed = await console.say("@hana: /setup unbreak 2026-01-12")
    assert "Break removed" in (removed[-1].text or "")


async def test_a_host_posts_now_in_any_channel_and_a_thread_reply_counts(
    console: ConsoleSession, app: App
) -> None:
    await host_with_bank(console, "Now please")
    records = await console.say("@hana: /topic post #general")
    (post,) = bot_posts(records, "#general")
    assert "Posted in #general" in (records[-1].text or "")
    await console.say(f"@alice in thread {post.id}: here")
    await console.say(f"@alice in thread {post.id}: and again")
    community_id = await app.services.communities.ensure(COMMUNITY)
    await app.services.activity.flush()  # replies are recorded with the activity batch
    assert len(await app.services.topics.responses(community_id, post.id or "")) == 2


async def test_two_channels_due_at_the_same_moment_post_different_topics(
    console: ConsoleSession,
) -> None:
    await host_with_bank(console, "One", "Two", "Three")
    await say_all(
        console,
        "@hana: /topic schedule #topics wed 18:00",
        "@hana: /topic schedule #study wed 18:00",
    )
    records = await console.say("time 2026-01-07 18:00")
    texts = {p.text for p in bot_posts(records, "#topics") + bot_posts(records, "#study")}
    assert texts == {"💬 Discussion topic: One", "💬 Discussion topic: Two"}
    (after,) = bot_posts(await console.say("time +7d"), "#topics")
    assert after.text == "💬 Discussion topic: Three"


async def test_with_an_empty_bank_two_channels_take_successive_starter_prompts(
    console: ConsoleSession,
) -> None:
    await host_with_bank(console)
    await say_all(
        console,
        "@hana: /topic schedule #topics wed 18:00",
        "@hana: /topic schedule #study wed 18:00",
    )
    records = await console.say("time 2026-01-07 18:00")
    texts = {p.text for p in bot_posts(records, "#topics") + bot_posts(records, "#study")}
    assert texts == {
        f"💬 Discussion topic: {starter_topic(0)}",
        f"💬 Discussion topic: {starter_topic(1)}",
    }


async def test_replacing_a_schedule_says_what_it_replaced(console: ConsoleSession) -> None:
    await host_with_bank(console, "Only")
    first = (await console.say("@hana: /topic schedule #topics mon 09:00"))[-1].text or ""
    assert "replaces" not in first
    second = (await console.say("@hana: /topic schedule #topics thu 18:30 every 2 weeks"))[-1]
    assert not second.error
    assert (second.text or "").startswith(
        "Topics will be posted in #topics every Thursday at 18:30"
    )
    assert (second.text or "").endswith(
        "This replaces the earlier schedule in #topics: every Monday at 09:00."
    )


async def test_a_topic_already_in_the_bank_or_suggested_is_refused_kindly(
    console: ConsoleSession,
) -> None:
    await host_with_bank(console, "What surprised you this week?")
    await console.say("@mia: /topic suggest Favourite tools?")
    records = await say_all(
        console,
        "@hana: /topic add   what SURPRISED you   this week?",
        "@bob: /topic suggest what surprised you this week?",
        "@bob: /topic suggest FAVOURITE   tools?",
        "@hana: /topic add favourite tools?",
    )
    answers = [r for r in records if r.kind == "ephemeral"]
    assert [r.error for r in answers] == [True] * 4
    assert [r.text for r in answers[:2]] == [
        "“What surprised you this week?” is already in the topic bank, so I didn't add it again."
    ] * 2
    assert [r.text for r in answers[2:]] == [
        "“Favourite tools?” has already been suggested and is waiting for the hosts, so I "
        "didn't add it again."
    ] * 2
    assert [r for r in records if r.to == "#hosts"] == []  # no second card
    listing = (await console.say("@hana: /topic list"))[-1].text or ""
    assert listing.count("surprised") == 1
