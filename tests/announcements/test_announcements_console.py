"""Announcements in the console: where they go, Got it once per member, status, bad input."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.moderation.support import of_kind

SET_UP = (
    "@hana is admin",
    "@hana: /setup channel announcements #news",
    "@alice joins",
    "@bob joins",
    "@carl joins",
)


async def set_up(console: ConsoleSession) -> None:
    """An admin host, an announcements channel and three members."""
    for line in SET_UP:
        await console.say(line)


async def test_an_announcement_goes_to_the_channel_and_counts_each_member_once(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    records = await console.say("@hana: /announce Office hours move to Thursday @everyone")
    [post] = of_kind(records, "post", "#news")
    assert post.text == "📣 Announcement 1\nOffice hours move to Thursday @everyone"
    assert post.buttons == ("Got it",)
    [answer] = of_kind(records, "ephemeral", "@hana")
    assert answer.text is not None
    assert answer.text.startswith("Posted announcement 1 in #news.")
    first = await console.say(f'@alice presses "Got it" on {post.id}')
    assert of_kind(first, "ephemeral", "@alice")[0].text == (
        "Thanks, noted: you have read this announcement."
    )
    again = await console.say(f'@alice presses "Got it" on {post.id}')
    assert "counts once" in (of_kind(again, "ephemeral", "@alice")[0].text or "")
    status = await console.say("@hana: /announce status")
    [shown] = of_kind(status, "ephemeral", "@hana")
    assert shown.text == ("Announcement 1: 1 of 3 members pressed Got it.\nNot yet: @bob, @carl")


async def test_status_followed_by_words_is_an_announcement(console: ConsoleSession) -> None:
    await set_up(console)
    records = await console.say("@hana: /announce status of the project is green")
    [post] = of_kind(records, "post", "#news")
    assert post.text == "📣 Announcement 1\nstatus of the project is green"
    numbered = await console.say("@hana: /announce status 1")
    assert "Announcement 1: 0 of 3 members" in (
        of_kind(numbered, "ephemeral", "@hana")[0].text or ""
    )


async def test_bad_input_is_answered_privately_and_changes_nothing(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    nothing = await console.say("@hana: /announce status")
    assert of_kind(nothing, "ephemeral", "@hana")[0].text == "There is no announcement here yet."
    unknown = await console.say("@hana: /announce status 42")
    assert of_kind(unknown, "ephemeral", "@hana")[0].text == "There is no announcement 42."
    too_long = await console.say("@hana: /announce " + "x" * 1801)
    assert "at most 1800 characters" in (of_kind(too_long, "ephemeral", "@hana")[0].text or "")
    refused = await console.say("@alice: /announce hello")
    assert of_kind(refused, "post") == []
    assert "host" in (of_kind(refused, "ephemeral", "@alice")[0].text or "")
    forged = await console.say('@alice presses "Got it" on m1')
    assert of_kind(forged, "post") == []


async def test_without_a_channel_it_is_posted_here_and_a_cohort_home_is_the_cohorts(
    console: ConsoleSession,
) -> None:
    for line in ("@hana is admin", "@alice joins", "@bob joins"):
        await console.say(line)
    here = await console.say("@hana in #lounge: /announce Welcome back")
    assert [p.to for p in of_kind(here, "post")] == ["#lounge"]
    await console.say("@hana: /cohort create fall #fall")
    await console.say("@hana: /cohort add fall @alice")
    records = await console.say("@hana in #fall: /announce Week 2 starts")
    [post] = of_kind(records, "post", "#fall")
    assert post.text == "📣 Announcement 2 for the fall cohort\nWeek 2 starts"
    refused = await console.say(f'@bob presses "Got it" on {post.id}')
    assert "for the fall cohort, and you are not in it" in (
        of_kind(refused, "ephemeral", "@bob")[0].text or ""
    )
    await console.say(f'@alice presses "Got it" on {post.id}')
    status = await console.say("@hana in #fall: /announce status")
    assert of_kind(status, "ephemeral", "@hana")[0].text == (
        "fall cohort: Announcement 2: 1 of 1 member pressed Got it.\nEveryone has read it."
    )
