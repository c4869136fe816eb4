"""A console community driven line by line: ids, selectors, threads, DMs, commands, buttons.

Time, levels and the platform's rules for members are in test_session_world.py."""

from __future__ import annotations

import pytest

from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.events import MessagePosted
from bot.messages import Button, OutboundMessage
from bot.platform import Platform
from bot.refs import ChannelRef, InteractionRef, MessageRef, UserRef

GENERAL = ChannelRef("console", "general")
ALICE, BOB, CARL = (UserRef("console", name) for name in ("alice", "bob", "carl"))


async def say_all(console: ConsoleSession, *lines: str) -> list[Record]:
    """Run lines in order; return everything they printed."""
    records: list[Record] = []
    for line in lines:
        records += await console.say(line)
    return records


def ids(records: list[Record]) -> list[tuple[str, str | None]]:
    return [(record.kind, record.id) for record in records if record.id is not None]


def only_error(records: list[Record]) -> Record:
    assert [record.kind for record in records] == ["error"], records
    return records[0]


@pytest.fixture
def posted(console: ConsoleSession) -> list[MessagePosted]:
    """Every MessagePosted the core receives from the console."""
    seen: list[MessagePosted] = []

    async def keep(event: MessagePosted, _platform: Platform) -> None:
        seen.append(event)

    console.app.dispatcher.subscribe(MessagePosted, keep)
    return seen


async def test_ids_follow_creation_order_across_members_and_the_bot(
    console: ConsoleSession,
) -> None:
    records = await say_all(
        console,
        "@alice: hello",
        "@alice: /help",
        "@bob: hi alice",
        "@bob dm: psst",
        "@bob: /guidelines",
    )
    assert ids(records) == [
        ("message", "m1"),
        ("ephemeral", "m2"),
        ("message", "m3"),
        ("message", "m4"),
        ("ephemeral", "m5"),
    ]
    sent = await console.platform.post(GENERAL, OutboundMessage("From the bot"))
    assert sent.id == "m6"
    assert ids(await console.say("@carl: me too")) == [("message", "m7")]


async def test_members_messages_are_echoed_then_reach_the_core(
    console: ConsoleSession, posted: list[MessagePosted]
) -> None:
    records = await console.say("@alice in #intros: Hi, I'm Alice")
    assert [(r.kind, r.id, r.author, r.to, r.text) for r in records] == [
        ("message", "m1", "@alice", "#intros", "Hi, I'm Alice")
    ]
    [event] = posted
    assert event.message == MessageRef("console", "intros", "m1")
    assert event.actor.user == UserRef("console", "alice")
    assert event.text == "Hi, I'm Alice"
    assert event.thread_root is None


async def test_last_is_the_newest_message_in_general(console: ConsoleSession) -> None:
    await say_all(
        console,
        "@alice: first",  # m1
        "@bob: second",  # m2
        "@alice in #intros: elsewhere",  # m3
        "@alice: /help",  # m4, an ephemeral for alice
    )
    report = (await console.say("@carl reports last"))[0]
    assert (report.kind, report.target) == ("report", "m2")
    report = (await console.say("@carl reports last from @alice: rude"))[0]
    assert (report.kind, report.target, report.text) == ("report", "m1", "rude")


async def test_last_from_bot_and_deleted_messages(console: ConsoleSession) -> None:
    await console.say("@alice: hello")  # m1
    first = await console.platform.post(GENERAL, OutboundMessage("Bot one"))  # m2
    await console.platform.post(GENERAL, OutboundMessage("Bot two"))  # m3
    await console.say("@alice: bye")  # m4
    assert (await console.say("@carl reports last from @bot"))[0].target == "m3"
    await console.platform.delete(MessageRef("console", "general", "m3"))
    assert (await console.say("@carl reports last from @bot"))[0].target == first.id
    error = only_error(await console.say("@carl reports last from @dana"))
    assert error.text == "There is no message from @dana in #general yet."


async def test_thread_replies_name_their_root(
    console: ConsoleSession, posted: list[MessagePosted]
) -> None:
    await console.say("@alice: Favourite tools?")  # m1
    reply = await console.say("@bob in thread m1: A good editor")
    assert [(r.kind, r.id, r.to) for r in reply] == [("message", "m2", "thread m1")]
    again = await console.say("@carl in thread last: Pen and paper")
    assert [(r.kind, r.id, r.to) for r in again] == [("message", "m3", "thread m1")]
    root = MessageRef("console", "general", "m1")
    assert [(event.thread_root, event.message.channel_id) for event in posted] == [
        (None, "general"),
        (root, "thread:m1"),
        (root, "thread:m1"),
    ]


async def test_a_thread_under_a_missing_message_is_an_error(console: ConsoleSession) -> None:
    error = only_error(await console.say("@bob in thread m9: hello?"))
    assert error.text == "There is no message m9 that @bob can see."
    assert ids(await console.say("@bob: hello")) == [("message", "m1")]


async def test_a_direct_message_reaches_the_core_and_stays_private(
    console: ConsoleSession, posted: list[MessagePosted]
) -> None:
    records = await console.say("@alice dm: thanks!")
    assert [(r.kind, r.id, r.author, r.to, r.text) for r in records] == [
        ("message", "m1", "@alice", "@bot", "thanks!")
    ]
    [event] = posted
    assert event.message == MessageRef("console", "dm:alice", "m1")
    error = only_error(await console.say("@bob reports m1: rude"))
    assert error.text == "There is no message m1 that @bob can see."
    assert (await console.say("@alice reports m1"))[0].kind == "report"


async def test_a_public_answer_in_a_dm_and_a_thread_under_a_dm_stay_private(
    console: ConsoleSession,
) -> None:
    await console.say("@alice dm: /guidelines")  # m1, the private answer
    in_dm = InteractionRef("console", "i99", "i99", ChannelRef("console", "dm:alice"), ALICE)
    answer = await console.platform.respond(in_dm, OutboundMessage("In your DM"), private=False)
    assert answer == MessageRef("console", "dm:alice", "m2")
    await console.say("@alice in thread m2: more")  # m3
    for hidden in ("m2", "m3"):
        error = only_error(await console.say(f"@bob reports {hidden}"))
        assert error.text == f"There is no message {hidden} that @bob can see."
    assert [(r.kind, r.target) for r in (await console.say("@alice reports m3"))[:1]] == [
        ("report", "m3")
    ]


async def test_a_group_message_is_seen_by_its_members_only(console: ConsoleSession) -> None:
    await console.platform.group_message(
        COMMUNITY,
        [ALICE, BOB],
        OutboundMessage("Your pair for this week", buttons=(Button("Met", "x:1"),)),
    )
    error = only_error(await console.say('@dana presses "Met"'))
    assert error.text == "@dana sees no message with a button 'Met'."
    records = await console.say('@bob presses "Met"')
    assert [(r.kind, r.author, r.target) for r in records[:1]] == [("press", "@bob", "m1")]


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("@alice: /guidelines", "#general"),
        ("@alice in #intros: /guidelines", "#intros"),
        ("@alice dm: /guidelines", "@bot"),
    ],
)
async def test_a_slash_command_is_echoed_and_answered_privately(
    console: ConsoleSession, line: str, where: str
) -> None:
    records = await console.say(line)
    assert [(r.kind, r.id, r.author, r.to, r.text) for r in records[:1]] == [
        ("command", None, "@alice", where, "/guidelines")
    ]
    assert [(r.kind, r.id, r.to) for r in records[1:]] == [("ephemeral", "m1", "@alice")]


async def test_a_press_without_on_takes_the_newest_button_the_member_sees(
    console: ConsoleSession,
) -> None:
    await say_all(
        console,
        "@alice: /profile forget",  # m1: alice's confirmation
        "@alice: /profile forget",  # m2: alice's newer confirmation
        "@bob: /profile forget",  # m3: bob's, newest of all but not alice's to see
    )
    records = await console.say('@alice presses "keep my data"')
    press = records[0]
    assert (press.kind, press.author, press.target, press.text) == (
        "press",
        "@alice",
        "m2",
        "Keep my data",
    )
    assert [(r.kind, r.to, r.text) for r in records[1:]] == [
        ("ephemeral", "@alice", "Nothing was deleted.")
    ]


async def test_nobody_presses_a_button_on_someone_elses_private_answer(
    console: ConsoleSession,
) -> None:
    await console.say("@bob: /profile forget")  # m1, for bob only
    error = only_error(await console.say('@carl presses "Forget me"'))
    assert error.text == "@carl sees no message with a button 'Forget me'."
    error = only_error(await console.say('@carl presses "Forget me" on m1'))
    assert error.text == "There is no message m1 that @carl can see."
    assert ids(await console.say("@carl: ok")) == [("message", "m2")]


async def test_a_press_on_a_message_without_that_button_changes_nothing(
    console: ConsoleSession,
) -> None:
    await console.say("@alice: /profile forget")  # m1
    error = only_error(await console.say('@alice presses "Delete" on m1'))
    assert error.line == 2
    assert error.text == "m1 has no button 'Delete'."
    # Nothing was pressed: the confirmation still works, and no id was used up.
    records = await console.say('@alice presses "Keep my data" on m1')
    assert [(r.kind, r.id) for r in records] == [("press", None), ("ephemeral", "m2")]


async def test_a_press_sees_the_buttons_as_edited(console: ConsoleSession) -> None:
    await console.say("@alice: hello")  # so alice is a member
    sent = await console.platform.post(
        GENERAL, OutboundMessage("Approve?", buttons=(Button("Approve", "demo:approve"),))
    )
    await console.platform.edit(
        sent, OutboundMessage("Approved", buttons=(Button("Undo", "demo:undo"),))
    )
    error = only_error(await console.say('@alice presses "Approve"'))
    assert "sees no message with a button 'Approve'" in (error.text or "")
    records = await console.say('@alice presses "Undo"')
    assert (records[0].kind, records[0].target) == ("press", sent.id)
    # No feature owns `demo:undo`: the member is told privately, not left waiting.
    assert [(r.kind, r.to, r.error) for r in records[1:]] == [("ephemeral", "@alice", True)]


async def test_a_report_without_a_mod_queue_gets_a_clear_private_answer(
    console: ConsoleSession,
) -> None:
    await console.say("@carl: something rude")  # m1
    records = await console.say("@bob reports m1: rude")
    assert [(r.kind, r.author, r.target, r.text) for r in records[:1]] == [
        ("report", "@bob", "m1", "rude")
    ]
    [answer] = records[1:]
    assert (answer.kind, answer.to, answer.error) == ("ephemeral", "@bob", True)
    assert answer.text == (
        "Reports go to the moderators' queue, and none is set up yet: please tell an admin "
        "(/setup channel modqueue <channel>). Nothing was sent."
    )


async def test_an_error_names_its_line_and_the_run_goes_on(console: ConsoleSession) -> None:
    records = await say_all(
        console,
        "# a comment counts as a line",
        "",
        "@alice: hello",
        "@alice waves",
        "@alice: still here",
    )
    assert [(r.kind, r.id, r.line) for r in records] == [
        ("message", "m1", None),
        ("error", None, 4),
        ("message", "m2", None),
    ]
    assert (records[1].text or "").startswith("I don't understand '@alice waves'.")
    assert only_error(await console.say("@bot: hi")).line == 6
