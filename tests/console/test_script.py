"""Parsing console script lines (PRODUCT.md, "The console"): one line, one action, or an error."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from adapters.console.script import (
    AdvanceBy,
    AdvanceTo,
    Join,
    Leave,
    MessageSelector,
    Press,
    Report,
    Say,
    ScriptError,
    SetLevel,
    parse_line,
)
from bot.levels import Level


@pytest.mark.parametrize("line", ["", "   ", "# a comment", "   # indented comment", "#@alice: x"])
def test_blank_lines_and_comments_do_nothing(line: str) -> None:
    assert parse_line(line) is None


@pytest.mark.parametrize(
    ("line", "action"),
    [
        ("@alice joins", Join("alice")),
        ("@alice leaves", Leave("alice")),
        ("  @alice joins  ", Join("alice")),
        ("@hana is member", SetLevel("hana", Level.MEMBER)),
        ("@hana is host", SetLevel("hana", Level.HOST)),
        ("@hana is moderator", SetLevel("hana", Level.MODERATOR)),
        ("@hana is admin", SetLevel("hana", Level.ADMIN)),
        ("@alice: hello everyone", Say("alice", "hello everyone")),
        ("@alice:hello", Say("alice", "hello")),
        ("@mary.o-neil_2: hi", Say("mary.o-neil_2", "hi")),
        ("@alice: I said: yes", Say("alice", "I said: yes")),
        ("@alice: is host", Say("alice", "is host")),
        ("@alice in #intros: Hi, I'm Alice", Say("alice", "Hi, I'm Alice", channel="intros")),
        ("@alice in #Intros: Hi", Say("alice", "Hi", channel="intros")),
        (
            "@alice in thread m7: I agree",
            Say("alice", "I agree", thread=MessageSelector(message_id="m7")),
        ),
        ("@alice in thread last: +1", Say("alice", "+1", thread=MessageSelector())),
        (
            "@alice in thread last from @bob: +1",
            Say("alice", "+1", thread=MessageSelector(from_name="bob")),
        ),
        ("@alice dm: thanks!", Say("alice", "thanks!", direct=True)),
        (
            "@alice: /topic suggest Favourite tools?",
            Say("alice", "/topic suggest Favourite tools?"),
        ),
        ("@bob reports m12: rude", Report("bob", MessageSelector(message_id="m12"), "rude")),
        ("@bob reports m12", Report("bob", MessageSelector(message_id="m12"), None)),
        ("@bob reports m12:   ", Report("bob", MessageSelector(message_id="m12"), None)),
        ("@bob reports last: spam", Report("bob", MessageSelector(), "spam")),
        ("@bob reports last", Report("bob", MessageSelector(), None)),
        ("@bob reports last from @bot", Report("bob", MessageSelector(from_name="bot"), None)),
        (
            "@bob reports last from @carl: spam",
            Report("bob", MessageSelector(from_name="carl"), "spam"),
        ),
        (
            '@mia presses "Delete" on m15',
            Press("mia", "Delete", MessageSelector(message_id="m15")),
        ),
        ('@mia presses "Keep my data"', Press("mia", "Keep my data", None)),
        (
            '@mia presses "Approve" on last from @bot',
            Press("mia", "Approve", MessageSelector(from_name="bot")),
        ),
        ("time +7d", AdvanceBy(timedelta(days=7))),
        ("time +30m", AdvanceBy(timedelta(minutes=30))),
        ("time +2h", AdvanceBy(timedelta(hours=2))),
        ("time +1w", AdvanceBy(timedelta(weeks=1))),
        ("time +1h30m", AdvanceBy(timedelta(hours=1, minutes=30))),
        ("time 2026-03-02 09:00", AdvanceTo(date(2026, 3, 2), time(9, 0))),
        ("time 2026-03-02 9:05", AdvanceTo(date(2026, 3, 2), time(9, 5))),
        ("time 2026-03-02T18:30", AdvanceTo(date(2026, 3, 2), time(18, 30))),
        ("time 2026-03-02", AdvanceTo(date(2026, 3, 2), time(0, 0))),
    ],
)
def test_each_line_form_becomes_its_action(line: str, action: object) -> None:
    assert parse_line(line) == action


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("@alice frobs", "I don't understand '@alice frobs'"),
        ("alice: hello", "I don't understand"),
        ("@alice", "I don't understand"),
        ("hello there", "I don't understand"),
        ("@alice reports: rude", "I don't understand"),
        ("@alice presses Delete", "I don't understand"),
        ("time", "I don't understand"),
        ("time tomorrow", "I don't understand"),
        ("@hana is boss", "Unknown level 'boss'; use one of member, host, moderator, admin."),
        ("time +7", "write durations like 30m, 2h, 1d or 1w"),
        ("time +3x", "write durations like 30m, 2h, 1d or 1w"),
        ("time +0m", "more than zero"),
        ("time 2026-02-30 09:00", "Write moments as time 2026-03-02 09:00."),
        ("time 2026-03-02 25:00", "Write moments as time 2026-03-02 09:00."),
        ("@bot: hello", "@bot is the bot itself"),
        ("@bot joins", "@bot is the bot itself"),
        ("@BOT is admin", "@bot is the bot itself"),
        ('@bot presses "Delete"', "@bot is the bot itself"),
        ("@alice:", "The message is empty."),
        ("@alice:    ", "The message is empty."),
        ("@alice in #intros:", "The message is empty."),
        ("@alice in thread m3:  ", "The message is empty."),
        ("@alice dm:", "The message is empty."),
    ],
)
def test_lines_that_cannot_be_understood_say_what_is_wrong(line: str, says: str) -> None:
    with pytest.raises(ScriptError) as raised:
        parse_line(line)
    assert says in str(raised.value)


def test_an_unknown_form_shows_how_lines_are_written() -> None:
    with pytest.raises(ScriptError) as raised:
        parse_line("@alice waves")
    message = str(raised.value)
    for example in ('"@alice: hello"', '"@alice joins"', '"@hana is host"', '"time +1d"'):
        assert example in message
