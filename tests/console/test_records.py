"""How the console prints what happened: one text line (or JSON object) per record.

Bot records come from the real `ConsolePlatform`, so these tests check what a person sees for
each thing the bot does; members' echoes are built as the session builds them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.messages import Button, Field, OutboundMessage
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, UserRef

AT = "2026-01-05T08:00:00+00:00"
GENERAL = ChannelRef("console", "general")
COMMUNITY = CommunityRef("console", "console")
ALICE, BOB, CARL = (UserRef("console", name) for name in ("alice", "bob", "carl"))
MOMENT = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


class Printed:
    """A console platform whose records are kept, to render them."""

    def __init__(self) -> None:
        self.world = ConsoleWorld(VirtualClock(MOMENT))
        self.records: list[Record] = []
        self.platform = ConsolePlatform(self.world, self.records.append)

    def take(self) -> Record:
        record = self.records.pop(0)
        assert not self.records, self.records
        return record

    def text(self) -> str:
        return self.take().as_text()

    def json(self) -> dict[str, Any]:
        line = self.take().as_json()
        assert "\n" not in line
        return json.loads(line)


@pytest.fixture
def printed() -> Printed:
    return Printed()


def interaction(user: UserRef) -> InteractionRef:
    return InteractionRef("console", "i1", "i1", GENERAL, user)


BUTTONS = (Button("Delete", "mod:delete:1"), Button("Warn", "mod:warn:1"))


async def test_post_text_and_json(printed: Printed) -> None:
    await printed.platform.post(GENERAL, OutboundMessage("Hello everyone"))
    await printed.platform.post(GENERAL, OutboundMessage("Pick one", buttons=BUTTONS))
    assert printed.records[0].as_text() == "m1 #general: Hello everyone"
    assert json.loads(printed.records[0].as_json()) == {
        "kind": "post",
        "id": "m1",
        "to": "#general",
        "text": "Hello everyone",
        "buttons": [],
        "at": AT,
    }
    assert printed.records[1].as_text() == "m2 #general: Pick one [Delete] [Warn]"
    assert json.loads(printed.records[1].as_json())["buttons"] == ["Delete", "Warn"]


async def test_several_lines_continue_indented_by_four_spaces(printed: Printed) -> None:
    await printed.platform.post(GENERAL, OutboundMessage("Rules:\n1. Be kind\n2. Share"))
    record = printed.take()
    assert record.as_text() == "m1 #general: Rules:\n    1. Be kind\n    2. Share"
    assert json.loads(record.as_json())["text"] == "Rules:\n1. Be kind\n2. Share"


async def test_fields_are_shown_after_the_text(printed: Printed) -> None:
    message = OutboundMessage(
        "Reported message",
        fields=(Field("Author", "@carl"), Field("Reason", "rude")),
        buttons=BUTTONS,
    )
    await printed.platform.post(GENERAL, message)
    record = printed.take()
    assert record.as_text() == (
        "m1 #general: Reported message\n    Author: @carl\n    Reason: rude [Delete] [Warn]"
    )
    assert json.loads(record.as_json())["fields"] == [
        {"name": "Author", "value": "@carl"},
        {"name": "Reason", "value": "rude"},
    ]


async def test_thread_reply(printed: Printed) -> None:
    root = await printed.platform.post(GENERAL, OutboundMessage("Topic"))
    printed.records.clear()
    await printed.platform.post_in_thread(root, OutboundMessage("Reply here"))
    record = printed.take()
    assert record.as_text() == "m2 thread m1: Reply here"
    assert json.loads(record.as_json()) == {
        "kind": "thread",
        "id": "m2",
        "to": "thread m1",
        "text": "Reply here",
        "buttons": [],
        "at": AT,
    }


async def test_public_reply(printed: Printed) -> None:
    await printed.platform.respond(interaction(ALICE), OutboundMessage("For all"), private=False)
    record = printed.take()
    assert record.as_text() == "m1 #general: For all"
    assert json.loads(record.as_json()) == {
        "kind": "reply",
        "id": "m1",
        "to": "#general",
        "text": "For all",
        "buttons": [],
        "at": AT,
    }


async def test_ephemeral_answer_and_error_flag(printed: Printed) -> None:
    await printed.platform.respond(interaction(ALICE), OutboundMessage("Only you"), private=True)
    await printed.platform.respond(
        interaction(ALICE), OutboundMessage.error("Usage: /help [command]"), private=True
    )
    fine, refusal = printed.records
    assert fine.as_text() == "m1 ephemeral @alice: Only you"
    assert json.loads(fine.as_json()) == {
        "kind": "ephemeral",
        "id": "m1",
        "to": "@alice",
        "text": "Only you",
        "buttons": [],
        "at": AT,
    }
    assert refusal.as_text() == "m2 ephemeral @alice: Usage: /help [command]"
    assert json.loads(refusal.as_json())["error"] is True


async def test_direct_message(printed: Printed) -> None:
    await printed.platform.direct_message(ALICE, OutboundMessage("Welcome!"))
    record = printed.take()
    assert record.as_text() == "m1 dm @alice: Welcome!"
    assert json.loads(record.as_json()) == {
        "kind": "dm",
        "id": "m1",
        "to": "@alice",
        "text": "Welcome!",
        "buttons": [],
        "at": AT,
    }


async def test_a_public_answer_to_a_command_typed_in_a_dm_shows_as_dm(printed: Printed) -> None:
    in_dm = InteractionRef("console", "i1", "i1", ChannelRef("console", "dm:alice"), ALICE)
    await printed.platform.respond(in_dm, OutboundMessage("Done"), private=False)
    record = printed.take()
    assert record.as_text() == "m1 dm @alice: Done"
    assert json.loads(record.as_json()) == {
        "kind": "reply",
        "id": "m1",
        "to": "@alice",
        "text": "Done",
        "buttons": [],
        "at": AT,
    }


async def test_group_message_lists_its_members(printed: Printed) -> None:
    await printed.platform.group_message(
        COMMUNITY, [BOB, ALICE], OutboundMessage("Meet your buddy")
    )
    record = printed.take()
    assert record.as_text() == "m1 group @alice @bob: Meet your buddy"
    assert json.loads(record.as_json()) == {
        "kind": "group",
        "id": "m1",
        "to": ["@alice", "@bob"],
        "text": "Meet your buddy",
        "buttons": [],
        "at": AT,
    }


async def test_edit(printed: Printed) -> None:
    sent = await printed.platform.post(GENERAL, OutboundMessage("Approve?", buttons=BUTTONS))
    printed.records.clear()
    await printed.platform.edit(sent, OutboundMessage("Approved", buttons=(Button("Undo", "u"),)))
    record = printed.take()
    assert record.as_text() == "edit m1: Approved [Undo]"
    assert json.loads(record.as_json()) == {
        "kind": "edit",
        "text": "Approved",
        "target": "m1",
        "buttons": ["Undo"],
        "at": AT,
    }


async def test_delete(printed: Printed) -> None:
    sent = await printed.platform.post(GENERAL, OutboundMessage("oops"))
    printed.records.clear()
    await printed.platform.delete(MessageRef("console", "general", sent.id))
    record = printed.take()
    assert record.as_text() == "delete m1"
    assert json.loads(record.as_json()) == {"kind": "delete", "target": "m1", "at": AT}


@pytest.mark.parametrize(
    ("duration", "written"),
    [
        (timedelta(hours=1), "1h"),
        (timedelta(minutes=30), "30m"),
        (timedelta(hours=1, minutes=30), "1h30m"),
        (timedelta(days=2), "2d"),
        (timedelta(weeks=1), "1w"),
    ],
)
async def test_timeout_shows_member_and_duration(
    printed: Printed, duration: timedelta, written: str
) -> None:
    await printed.platform.timeout(COMMUNITY, CARL, duration, "spam")
    record = printed.take()
    assert record.as_text() == f"timeout @carl {written}"
    assert json.loads(record.as_json()) == {
        "kind": "timeout",
        "target": "@carl",
        "duration": written,
        "at": AT,
    }


@pytest.mark.parametrize("kind", ["untimeout", "kick", "ban", "unban"])
async def test_actions_on_members(printed: Printed, kind: str) -> None:
    action = getattr(printed.platform, kind)
    carl = printed.world.member("carl")  # timed out and banned: there is something to lift
    carl.timed_out_until, carl.banned = printed.world.clock.now() + timedelta(hours=1), True
    if kind == "ban":
        carl.banned = False
    if kind in ("kick", "ban"):
        await action(COMMUNITY, CARL, "reason")
    else:
        await action(COMMUNITY, CARL)
    record = printed.take()
    assert record.as_text() == f"{kind} @carl"
    assert json.loads(record.as_json()) == {"kind": kind, "target": "@carl", "at": AT}


async def test_at_is_the_virtual_time_in_the_community_zone(printed: Printed) -> None:
    printed.world.zone = ZoneInfo("Europe/Berlin")
    await printed.platform.post(GENERAL, OutboundMessage("Guten Morgen"))
    assert printed.json()["at"] == "2026-01-05T09:00:00+01:00"


def record(kind: str, **fields: Any) -> Record:
    return Record(kind=kind, at=MOMENT, **fields)


ECHOES = [
    (
        record("message", id="m3", author="@alice", to="#general", text="hello"),
        "m3 #general @alice: hello",
        {"kind": "message", "id": "m3", "author": "@alice", "to": "#general", "text": "hello"},
    ),
    (
        record("message", id="m4", author="@alice", to="thread m3", text="agreed"),
        "m4 thread m3 @alice: agreed",
        {"kind": "message", "id": "m4", "author": "@alice", "to": "thread m3", "text": "agreed"},
    ),
    (
        record("command", author="@alice", to="#general", text="/help"),
        "#general @alice: /help",
        {"kind": "command", "author": "@alice", "to": "#general", "text": "/help"},
    ),
    (record("join", author="@alice"), "@alice joins", {"kind": "join", "author": "@alice"}),
    (record("leave", author="@alice"), "@alice leaves", {"kind": "leave", "author": "@alice"}),
    (
        record("level", author="@hana", text="host"),
        "@hana is host",
        {"kind": "level", "author": "@hana", "text": "host"},
    ),
    (
        record("report", author="@bob", target="m12", text="rude"),
        "@bob reports m12: rude",
        {"kind": "report", "author": "@bob", "target": "m12", "text": "rude"},
    ),
    (
        record("report", author="@bob", target="m12"),
        "@bob reports m12",
        {"kind": "report", "author": "@bob", "target": "m12"},
    ),
    (
        record("press", author="@mia", target="m15", text="Delete"),
        '@mia presses "Delete" on m15',
        {"kind": "press", "author": "@mia", "target": "m15", "text": "Delete"},
    ),
    (
        record("error", line=3, text="The message is empty."),
        "error line 3: The message is empty.",
        {"kind": "error", "line": 3, "text": "The message is empty."},
    ),
]


@pytest.mark.parametrize(("echo", "as_text", "as_json"), ECHOES)
def test_members_lines_and_errors(echo: Record, as_text: str, as_json: dict[str, Any]) -> None:
    assert echo.as_text() == as_text
    assert json.loads(echo.as_json()) == {**as_json, "at": AT}


def test_time_shows_the_moment_with_zone_and_weekday() -> None:
    moment = datetime(2026, 1, 6, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    echo = Record(kind="time", at=moment)
    assert echo.as_text() == "time 2026-01-06 09:00 CET (Tue)"
    assert json.loads(echo.as_json()) == {"kind": "time", "at": "2026-01-06T09:00:00+01:00"}


def test_json_keeps_non_ascii_text_readable() -> None:
    line = record("message", id="m1", author="@zoë", to="#général", text="café ✓").as_json()
    assert "café ✓" in line
    assert "@zoë" in line
