"""Quiet readers and reactions in the console: "just reading" lasts until the member posts
again, `/nudges on` ends it, readers are shown apart, and a member who only reacts is not quiet
(counted apart from posts in `/stats`)."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.commands.support import ok
from tests.console.test_session import say_all
from tests.participation.test_quiet_console import nudges


async def test_just_reading_lasts_until_the_member_posts_again(console: ConsoleSession) -> None:
    await say_all(console, "@alice joins", "time +15d")
    answer = await console.say('@alice presses "I\'m fine, just reading"')
    assert "no check-ins until you post again" in (answer[-1].text or "")
    # Well past the 30-day cooldown: a reader is not checked on again.
    assert nudges(await console.say("time +120d")) == []
    await console.say("@alice: back with a question")
    (nudge,) = nudges(await console.say("time +20d"))
    assert nudge.to == "@alice", "posting again ended reading: the next quiet spell is checked on"


async def test_nudges_reading_is_a_lasting_status_and_nudges_on_ends_it(
    console: ConsoleSession,
) -> None:
    await say_all(console, "@alice joins", "@bob joins")
    answer = await console.say("@alice: /nudges reading")
    assert answer[-1].kind == "ephemeral"
    assert "enjoy reading" in (answer[-1].text or "")
    assert [r.to for r in nudges(await console.say("time +60d"))] == ["@bob"]
    await console.say("@alice: /nudges on")
    assert [r.to for r in nudges(await console.say("time +1d"))] == ["@alice"]


async def test_nudges_on_also_clears_off(console: ConsoleSession) -> None:
    await say_all(console, "@carl joins", "@carl: /nudges off", "@carl: /nudges reading")
    assert nudges(await console.say("time +20d")) == []
    await console.say("@carl: /nudges on")
    assert [r.to for r in nudges(await console.say("time +1d"))] == ["@carl"]


async def test_quiet_list_and_stats_show_readers_apart_never_as_a_problem(
    console: ConsoleSession,
) -> None:
    await say_all(console, "@hana is host", "@alice joins", "@bob joins", "@alice: /nudges reading")
    await console.say("time +10d")
    listed = (await console.say("@hana: /quiet list 7"))[-1].text or ""
    assert "Quiet for 7+ days: 1 member" in listed
    assert "bob: last post never" in listed
    assert "alice" not in listed
    assert "Reading: 1 member said they're just reading. Lurking is learning too" in listed
    stats = await ok(console, "@hana: /stats")
    assert "• Reading: 1 member said they're just reading (lurking is learning too)" in stats


async def test_quiet_list_with_nobody_quiet_still_counts_the_readers(
    console: ConsoleSession,
) -> None:
    await say_all(console, "@hana is host", "@alice joins", "@alice: /nudges reading")
    await say_all(console, "time +10d", "@hana: hello")
    listed = (await console.say("@hana: /quiet list 7"))[-1].text or ""
    assert listed.splitlines() == [
        "Nobody has been quiet for 7 days or more.",
        "Reading: 1 member said they're just reading. Lurking is learning too; they get no "
        "check-ins until they post again.",
    ]


async def test_a_member_who_only_reacts_is_not_quiet(console: ConsoleSession) -> None:
    await say_all(console, "@alice joins", "@bob joins", "@carl: Welcome all!")
    records = []
    for _ in range(6):  # Bob reacts every five days, Carl posts; Alice does nothing
        records += await say_all(
            console, "@bob reacts to last from @carl with 👍", "@carl: still here", "time +5d"
        )
    assert [r.to for r in nudges(records)] == ["@alice"]
    await console.say("@hana is host")
    listed = (await console.say("@hana: /quiet list 7"))[-1].text or ""
    assert "alice" in listed
    assert "bob" not in listed


async def test_reacting_does_not_end_reading(console: ConsoleSession) -> None:
    await say_all(console, "@hana: hi", "@alice joins", "@alice: /nudges reading")
    for _ in range(4):
        await say_all(console, "@alice reacts to m1 with 🎉", "time +15d")
    assert nudges(await console.say("time +30d")) == []


async def test_stats_show_reactions_apart_from_posts(console: ConsoleSession) -> None:
    await say_all(
        console,
        "@hana is host",
        "@alice joins",
        "@bob joins",
        "@alice: Here is my first question?",
        "@bob reacts to last from @alice with 👍",
        "@bob reacts to last with 💡",
        "@hana reacts to last from @alice with 🎉",
    )
    message = console.world.newest(lambda m: m.author == "alice")
    assert message is not None
    echoed = await console.say(f"@bob reacts to {message.id} with 🙏")
    assert [r.as_text() for r in echoed] == [f"@bob reacts to {message.id} with 🙏"]
    text = await ok(console, "@hana: /stats")
    assert "(30 days, 1 poster, 1 message)" in text, "reactions are not posts"
    assert "• Reactions (30 days): 4 reactions from 2 members" in text
    assert "• Took part by reacting only (30 days): 2 members" in text
    assert "• Never posted: 2" in text


async def test_a_reaction_to_a_message_that_is_not_there_changes_nothing(
    console: ConsoleSession,
) -> None:
    await say_all(console, "@hana is host", "@alice joins", "@alice: hi")
    for line in (
        "@alice reacts to m99 with 👍",
        "@alice reacts to last",
        "@alice reacts to last with",
    ):
        (error,) = await console.say(line)
        assert error.kind == "error"
    text = await ok(console, "@hana: /stats")
    assert "• Reactions (30 days): none yet" in text
