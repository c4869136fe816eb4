"""The command benchmark counts only commands that did what they were asked: a write refused
(a member typing a host's command, a second Got it) is an error, not a fast answer."""

from __future__ import annotations

import pytest

from adapters.console.session import ConsoleSession
from benchmarks.command_parts.community import HOST
from benchmarks.command_parts.lines import WRITE_KINDS, Line, write, writes
from benchmarks.command_parts.timing import timed


async def _announcement(console: ConsoleSession) -> str:
    await console.say(f"@{HOST} is host")
    for number in range(2):
        await console.say(f"@member{number} joins")
    posted = await console.say(f"@{HOST}: /announce Room opens at six")
    card = next(record for record in posted if record.kind == "post" and record.buttons)
    assert card.id is not None
    return card.id


async def test_every_write_kind_is_answered_as_expected(console: ConsoleSession) -> None:
    announcement = await _announcement(console)
    lines = writes(2, announcement)
    assert [line.kind for line in lines] == [*WRITE_KINDS, *WRITE_KINDS]
    for line in lines:
        await timed(console, line)  # raises unless the answer says the write was done


async def test_a_refused_or_repeated_write_is_not_timed_as_done(console: ConsoleSession) -> None:
    announcement = await _announcement(console)
    press = write("Got it", 0, announcement)
    await timed(console, press)
    with pytest.raises(RuntimeError, match="unexpected answer"):
        await timed(console, press)  # "it counts once": no write
    refused = Line("/topic add", "member1", "@member1: /topic add Hello", "Added topic")
    with pytest.raises(RuntimeError, match="unexpected answer"):
        await timed(console, refused)
