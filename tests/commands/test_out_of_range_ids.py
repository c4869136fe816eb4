"""Ids no row can have (past the database's integers) get the ordinary 'not there' answer.

A forged or mangled action id, or an id typed by hand, must not reach the database as an
integer it cannot hold: PostgreSQL raises on it (and SQLite past 2^63), which the member saw as
"Something went wrong". Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.console.session import ConsoleSession
from bot.app import build_app
from bot.clock import VirtualClock
from bot.ids import GONE, MAX_ID, read_id
from bot.levels import Level
from bot.settings import Settings
from bot.storage.database import Database
from tests.commands.support import press, refused, snapshot

PAST_INT64 = str(2**63 + 1)
PAST_INT32 = str(2**31)  # fits SQLite's integers, not PostgreSQL's INTEGER columns


@pytest.fixture
async def console_on(
    any_database: Database, settings: Settings, clock: VirtualClock
) -> AsyncIterator[ConsoleSession]:
    """A console community on the database under test."""
    app = build_app(settings, clock, database=any_database)
    await app.start()
    session = ConsoleSession(app, clock)
    await session.refresh_timezone()
    await session.attach()
    yield session
    await app.close()


@pytest.mark.parametrize("number", [PAST_INT32, PAST_INT64, "9" * 40])
@pytest.mark.parametrize(
    ("action_id", "level"),
    [
        ("topic:approve:{n}", Level.HOST),
        ("mod:flag:warn:{n}", Level.MODERATOR),
        ("mod:ack:{n}", Level.MEMBER),
        ("nudge:fine:{n}@1", Level.MEMBER),
        ("buddy:met:{n}", Level.MEMBER),
    ],
)
async def test_a_button_naming_an_impossible_id_says_it_is_not_there(
    console_on: ConsoleSession, action_id: str, level: Level, number: str
) -> None:
    await press(console_on, "mia", "topic:approve:x", level=level)  # mia is a member now
    before = await snapshot(console_on.app)
    answer = await press(console_on, "mia", action_id.format(n=number), level=level)
    assert (answer.kind, answer.error) == ("ephemeral", True)
    assert answer.text == GONE
    assert await snapshot(console_on.app) == before


def test_read_id_takes_ascii_digits_up_to_the_largest_id() -> None:
    assert read_id("7") == 7
    assert read_id(str(MAX_ID)) == MAX_ID
    assert read_id(str(MAX_ID + 1)) is None
    assert read_id("0") is None
    assert read_id("²") is None  # str.isdigit() says yes; int() says no
    assert read_id("") is None
    assert read_id("-3") is None


async def test_digits_that_are_not_ascii_are_answered_not_crashed_on(
    console_on: ConsoleSession,
) -> None:
    # str.isdigit() accepts '²' and '٣', int() does not: they must read as words, not numbers.
    await console_on.say("@hana is admin")
    for line in (
        "/topic schedule #general mon 09:00 every ² weeks",
        "/buddy schedule mon 09:00 every ٣ weeks",
        "/automod regex remove ²",
    ):
        answer = await refused(console_on, f"@hana: {line}")
        assert "Something went wrong" not in answer, line
