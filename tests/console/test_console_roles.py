"""Roles in the console: `@alice gets &mentors`, what `role_members` reads, kept with `--db`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.console import keep
from adapters.console.script import ScriptError, SetRole, parse_line
from adapters.console.session import COMMUNITY, ConsoleSession
from adapters.console.world import ConsoleWorld
from bot.app import App
from bot.clock import VirtualClock
from bot.errors import NotFoundError
from bot.refs import RoleRef, UserRef
from tests.console.test_session import say_all

MENTORS = RoleRef("console", "mentors")


@pytest.mark.parametrize(
    ("line", "action"),
    [
        ("@alice gets &mentors", SetRole("alice", "mentors", holds=True)),
        ("@alice loses &mentors", SetRole("alice", "mentors", holds=False)),
        ("  @alice gets &Study-Group.2  ", SetRole("alice", "study-group.2", holds=True)),
    ],
)
def test_role_lines_become_their_action(line: str, action: SetRole) -> None:
    assert parse_line(line) == action


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("@alice gets mentors", "I don't understand"),  # a role is written &name
        ("@alice gets &", "I don't understand"),
        ("@bot gets &mentors", "@bot is the bot itself"),
    ],
)
def test_role_lines_that_cannot_be_understood_say_so(line: str, says: str) -> None:
    with pytest.raises(ScriptError, match=says):
        parse_line(line)


async def test_a_role_given_and_taken_is_echoed_and_read_back(console: ConsoleSession) -> None:
    records = await say_all(
        console, "@alice gets &mentors", "@bob gets &mentors", "@carl gets &learners"
    )
    assert [record.as_text() for record in records] == [
        "@alice gets &mentors",
        "@bob gets &mentors",
        "@carl gets &learners",
    ]
    assert records[0].as_json() == (
        '{"kind": "role", "author": "@alice", "text": "gets", "target": "&mentors", '
        '"at": "2026-01-05T08:00:00+00:00"}'
    )
    platform = console.platform
    assert await platform.role_members(COMMUNITY, MENTORS) == [
        UserRef("console", "alice"),
        UserRef("console", "bob"),
    ]
    await console.say("@alice loses &mentors")
    assert await platform.role_members(COMMUNITY, MENTORS) == [UserRef("console", "bob")]


async def test_members_who_left_are_not_listed_and_an_emptied_role_still_exists(
    console: ConsoleSession,
) -> None:
    await say_all(console, "@alice gets &mentors", "@bob gets &mentors", "@bob leaves")
    assert await console.platform.role_members(COMMUNITY, MENTORS) == [UserRef("console", "alice")]
    await console.say("@alice loses &mentors")
    assert await console.platform.role_members(COMMUNITY, MENTORS) == []


async def test_a_role_nobody_was_given_is_not_found(console: ConsoleSession) -> None:
    with pytest.raises(NotFoundError, match=r"There is no role &nobody in the console\."):
        await console.platform.role_members(COMMUNITY, RoleRef("console", "nobody"))


async def test_a_members_roles_reach_the_core_as_role_ids(console: ConsoleSession) -> None:
    await say_all(console, "@alice gets &mentors", "@alice gets &hosts")
    found = await console.platform.member(COMMUNITY, UserRef("console", "alice"))
    assert found is not None
    assert found.role_ids == {"mentors", "hosts"}


async def test_the_db_keeps_roles_and_roles_nobody_holds(app: App) -> None:
    clock = VirtualClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    world = ConsoleWorld(clock)
    await keep.load(app.database, world)  # as a run starts: nothing kept yet
    world.set_role("alice", "mentors", holds=True)
    world.set_role("bob", "learners", holds=True)
    world.set_role("bob", "learners", holds=False)
    await keep.save(app.database, world)
    again = ConsoleWorld(clock)
    await keep.load(app.database, again)
    assert again.members["alice"].roles == {"mentors"}
    assert again.members["bob"].roles == set()
    assert again.known_roles == {"mentors", "learners"}
