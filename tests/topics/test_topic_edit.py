"""`/topic edit <n> <text>` and `TopicService.edit`: the rules of /topic add, both databases."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from adapters.console.session import ConsoleSession
from bot.clock import VirtualClock
from bot.errors import NotFoundError, UserFacingError
from bot.events import Actor
from bot.refs import UserRef
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.topics import Edited, TopicService, WeekPin
from bot.topics.rules import MAX_TOPIC_LENGTH
from tests.console.test_session import say_all
from tests.storage.support import other_process
from tests.topics.test_cohort_topics_storage import two_cohorts


async def test_an_edit_rewrites_the_topic_and_keeps_its_place_and_pin(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    topics = TopicService(any_database, clock)
    first = await topics.add(community_id, "Tabs or spaces?")
    second = await topics.add(community_id, "Best debugging story")

    edited = await topics.edit(community_id, first.id, "  Tabs,   spaces or both?  ")

    assert edited == Edited("Tabs or spaces?", replace(first, text="Tabs, spaces or both?"))
    assert [t.text for t in await topics.bank(community_id)] == [
        "Tabs, spaces or both?",
        second.text,
    ]


async def test_an_edit_to_a_duplicate_or_too_long_or_same_text_is_refused_and_changes_nothing(
    any_database: Database, clock: VirtualClock, community_id: int, members: MemberService
) -> None:
    topics = TopicService(any_database, clock)
    first = await topics.add(community_id, "Tabs or spaces?")
    await topics.add(community_id, "Best debugging story")
    mia = (await members.resolve(community_id, Actor(UserRef("console", "mia"), "Mia"))).id
    await topics.suggest(community_id, mia, "Pair on katas?")

    with pytest.raises(UserFacingError, match="already in the topic bank"):
        await topics.edit(community_id, first.id, "best  DEBUGGING story")
    with pytest.raises(UserFacingError, match="already been suggested"):
        await topics.edit(community_id, first.id, "pair on katas?")
    with pytest.raises(UserFacingError, match=f"at most {MAX_TOPIC_LENGTH:,} characters"):
        await topics.edit(community_id, first.id, "x" * (MAX_TOPIC_LENGTH + 1))
    with pytest.raises(UserFacingError, match="already reads"):
        await topics.edit(community_id, first.id, "Tabs or  spaces?")
    with pytest.raises(UserFacingError, match="Write the topic"):
        await topics.edit(community_id, first.id, "   ")

    assert [t.text for t in await topics.bank(community_id)] == [
        "Tabs or spaces?",
        "Best debugging story",
    ]
    # Only the case changes: the topic itself is not a duplicate of itself.
    assert (await topics.edit(community_id, first.id, "TABS or spaces?")).topic.text == (
        "TABS or spaces?"
    )


async def test_an_edit_of_another_bank_a_suggestion_or_no_topic_is_not_found(
    any_database: Database, clock: VirtualClock, community_id: int, members: MemberService
) -> None:
    topics = TopicService(any_database, clock)
    topic = await topics.add(community_id, "Tabs or spaces?")
    mia = (await members.resolve(community_id, Actor(UserRef("console", "mia"), "Mia"))).id
    pending = await topics.suggest(community_id, mia, "Pair on katas?")

    for community, number in ((community_id + 1, topic.id), (community_id, pending.id)):
        with pytest.raises(NotFoundError, match="There is no topic"):
            await topics.edit(community, number, "Something else")
    with pytest.raises(NotFoundError):
        await topics.edit(community_id, 10_000, "Something else")
    assert [t.text for t in await topics.bank(community_id)] == ["Tabs or spaces?"]


async def test_two_processes_editing_two_topics_to_one_text_keep_them_apart(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    here = TopicService(any_database, clock)
    one = await here.add(community_id, "One")
    two = await here.add(community_id, "Two")
    async with other_process(any_database) as second:
        there = TopicService(second, clock)
        results = await asyncio.gather(
            here.edit(community_id, one.id, "Same text"),
            there.edit(community_id, two.id, "same  TEXT"),
            return_exceptions=True,
        )
    assert sorted(type(result).__name__ for result in results) == ["Edited", "UserFacingError"]
    texts = [t.text.casefold() for t in await here.bank(community_id)]
    assert texts.count("same text") == 1


async def test_a_pinned_topic_keeps_its_week_when_edited(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    fall, _spring = await two_cohorts(any_database, clock, community_id)
    topics = TopicService(any_database, clock)
    pinned = await topics.add(community_id, "Week three", cohort_id=fall, pin=WeekPin(3, 4))

    with pytest.raises(NotFoundError):
        await topics.edit(community_id, pinned.id, "Not here")  # the community's bank
    edited = await topics.edit(community_id, pinned.id, "Week three, rewritten", cohort_id=fall)

    assert (edited.topic.week, edited.topic.text) == (3, "Week three, rewritten")


async def test_topic_edit_in_the_console_answers_and_never_pings(console: ConsoleSession) -> None:
    await say_all(console, "@hana is admin", "@hana: /topic add Tabs or spaces?")

    answer = await console.say("@hana: /topic edit 1 Tabs, spaces or @everyone?")
    refused = await console.say("@alice: /topic edit 1 Mine now")
    listed = await console.say("@hana: /topic list")

    assert answer[-1].text == (
        "Topic 1 now reads: Tabs, spaces or @everyone? (it read: Tabs or spaces?)"
    )
    assert "needs the host level" in (refused[-1].text or "")
    assert "1. Tabs, spaces or @everyone? (new)" in (listed[-1].text or "")
    missing = await console.say("@hana: /topic edit 7 Anything")
    assert "There is no topic 7" in (missing[-1].text or "")


async def test_a_paste_adds_each_new_line_and_reports_the_skipped_and_refused(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    topics = TopicService(any_database, clock)
    await topics.add(community_id, "Tabs or spaces?")
    long_line = "x" * (MAX_TOPIC_LENGTH + 1)
    text = f"One\n\n  tabs  OR spaces? \nTwo\none\n{long_line}\n   \nThree"

    pasted = await topics.add_many(community_id, text)

    assert [line for _id, line in pasted.added] == ["One", "Two", "Three"]
    assert pasted.duplicates == ["tabs OR spaces?", "one"]
    assert pasted.too_long == [long_line]
    assert pasted.bank_full == []
    bank = await topics.bank(community_id)
    assert {t.id for t in bank} >= {number for number, _line in pasted.added}
    assert sorted(t.text for t in bank) == ["One", "Tabs or spaces?", "Three", "Two"]


async def test_a_paste_past_a_full_bank_refuses_the_rest(
    any_database: Database, clock: VirtualClock, community_id: int, monkeypatch
) -> None:
    monkeypatch.setattr("bot.topics.paste.MAX_TOPICS", 3)
    topics = TopicService(any_database, clock)
    await topics.add(community_id, "Zero")

    pasted = await topics.add_many(community_id, "A\nB\nC", cohort_id=None)

    assert ([line for _id, line in pasted.added], pasted.bank_full) == (["A", "B"], ["C"])
    assert len(await topics.bank(community_id)) == 3
