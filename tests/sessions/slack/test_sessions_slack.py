"""/session on Slack through the real bolt app and slack-sdk, in Socket Mode and HTTP mode: the
card with Going / Maybe / Can't go and the time as `<!date^...>`, a press answered privately and
the card's count edited, list, attendance, cancel telling Going and Maybe by DM, and "Add to
calendar" going through Slack's external upload flow into the person's DM."""

from __future__ import annotations

from typing import Any

from adapters.slack.serve import SlackRuntime
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack, RecordedCall
from tests.adapters.slack.fake_workspace import StoredMessage

# 2026-01-07 18:00 UTC (the tests' community zone is UTC; the clock starts on 2026-01-05).
STARTS = 1767808800
CREATE = 'create "Office hour" 2026-01-07 18:00 90m'


async def session(driver: SlackDriver, fake: FakeSlack, user: str, text: str) -> str:
    """Run `/session <text>` as `user`; return the private answer's text."""
    body = await driver.command(user, text, command="/session")
    answer = await response_to(fake, body)
    assert answer["response_type"] == "ephemeral"
    return str(answer["text"])


def buttons(arguments: dict[str, Any]) -> dict[str, str]:
    """Return a Block Kit message's buttons, label to action id."""
    return {
        element["text"]["text"]: element["action_id"]
        for block in arguments.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
    }


async def posted_card(driver: SlackDriver, fake: FakeSlack) -> tuple[RecordedCall, StoredMessage]:
    """Create the office hour as the admin; return the card's post and the stored card."""
    seen = len(fake.calls)
    assert await session(driver, fake, "admin", CREATE) == (
        "Session 1 is posted. Members answer on its card."
    )
    posted = await fake.wait_for_call("chat.postMessage", after=seen)
    card = fake.workspace.live(posted.arguments["channel"], posted.answer["ts"])
    assert card is not None
    return posted, card


async def press(
    driver: SlackDriver, fake: FakeSlack, user: str, card: StoredMessage, label: str
) -> str:
    """Press a card's button as `user`; return the private answer."""
    action = buttons(fake.workspace.payload(card))[label]
    pressed = payloads.button_press(fake, user, card, action)
    await driver.interactive(pressed)
    return str((await response_to(fake, pressed))["text"])


async def test_a_card_is_answered_counted_listed_and_cancelled_with_dms(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    posted, card = await posted_card(driver, fake)
    assert posted.arguments["channel"] == fake.workspace.general
    assert f"<!date^{STARTS}^" in posted.arguments["text"]
    assert "Going: 0 · Maybe: 0 · Can't go: 0" in posted.arguments["text"]
    assert list(buttons(posted.arguments)) == ["Going", "Maybe", "Can't go", "Add to calendar"]

    seen = len(fake.calls)
    assert await press(driver, fake, "bob", card, "Going") == "You answered Going."
    edited = await fake.wait_for_call("chat.update", after=seen)
    assert (edited.arguments["channel"], edited.arguments["ts"]) == (card.channel, card.ts)
    assert "Going: 1 · Maybe: 0 · Can't go: 0" in edited.arguments["text"]

    listed = await session(driver, fake, "bob", "list")
    assert listed.startswith(f"Coming up:\n1. Office hour: <!date^{STARTS}^")
    assert listed.endswith(", for 1h30m. You answered Going.")
    bob = fake.workspace.user_id("bob")
    assert f"Going: <@{bob}>\nMaybe: -" in await session(driver, fake, "admin", "attendance 1")

    refused = await session(driver, fake, "bob", "cancel 1")
    assert "host" in refused.lower()
    assert not any(c.method == "conversations.open" for c in fake.calls[seen:])

    seen = len(fake.calls)
    assert await session(driver, fake, "admin", "cancel 1") == (
        "Cancelled 1 session; whoever answered Going or Maybe was told."
    )
    opened = next(c for c in fake.calls[seen:] if c.method == "conversations.open")
    assert opened.arguments["users"] == bob
    told = next(
        c
        for c in fake.calls[seen:]
        if c.method == "chat.postMessage"
        and c.arguments["channel"] == opened.answer["channel"]["id"]
    )
    assert told.arguments["text"].startswith("Office hour on <!date^")
    assert told.arguments["text"].endswith("is cancelled.")
    update = await fake.wait_for_call("chat.update", after=seen)
    assert "is cancelled (session 1)" in update.arguments["text"]
    assert buttons(update.arguments) == {}


async def test_add_to_calendar_uploads_the_ics_into_the_persons_dm(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    zone = await driver.command("admin", "timezone Europe/Berlin", command="/setup")
    assert "Europe/Berlin" in (await response_to(fake, zone))["text"]
    _posted, card = await posted_card(driver, fake)
    seen = len(fake.calls)
    answer = await press(driver, fake, "cai", card, "Add to calendar")
    assert answer == "The calendar file is in your direct messages."
    asked = next(c for c in fake.calls[seen:] if c.method == "files.getUploadURLExternal")
    assert asked.arguments["filename"] == "session-1.ics"
    uploaded = next(c for c in fake.calls[seen:] if c.method == "upload")
    assert uploaded.answer == {"ok": True, "file_id": asked.answer["file_id"],
                               "length": int(asked.arguments["length"])}  # fmt: skip
    completed = next(c for c in fake.calls[seen:] if c.method == "files.completeUploadExternal")
    assert completed.ok
    opened = next(c for c in fake.calls[seen:] if c.method == "conversations.open")
    assert opened.arguments["users"] == fake.workspace.user_id("cai")
    dm = opened.answer["channel"]["id"]
    assert completed.arguments["channel_id"] == dm
    (shared,) = fake.files.shared_in(dm)
    assert (shared.name, shared.title) == ("session-1.ics", "session-1.ics")
    assert shared.initial_comment == "Office hour: add it to your calendar with this file."
    assert shared.content is not None
    text = shared.content.decode()
    assert text.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Office hour" in text
    assert "DTSTART;TZID=Europe/Berlin:20260107T180000" in text
    assert "DTEND;TZID=Europe/Berlin:20260107T193000" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin" in text
    assert fake.files.shared_in(card.channel) == []  # never in the channel


async def test_a_refused_upload_is_explained_privately_and_shares_nothing(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    _posted, card = await posted_card(driver, fake)
    fake.workspace.granted = {"chat:write", "commands", "im:write"}  # no files:write
    answer = await press(driver, fake, "cai", card, "Add to calendar")
    assert answer.startswith("I could not send a file: the app lacks a permission")
    fake.workspace.granted = None
    for _attempt in range(3):  # the upload URL refuses the bytes, also when retried twice
        fake.fail_next("upload", status=500)
    answer = await press(driver, fake, "cai", card, "Add to calendar")
    assert "could not send a file: Slack refused the upload" in answer
    assert [c.method for c in fake.calls].count("upload") == 3
    assert not any(c.method == "files.completeUploadExternal" for c in fake.calls)
    assert all(one.channel is None for one in fake.files.files.values())


async def test_a_date_of_a_series_is_cancelled_ahead_of_time(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    weekly = 'create "Office hour" 2026-01-07 18:00 every 1 week'
    assert await session(driver, fake, "admin", weekly) == (
        "Session 1 is posted. Members answer on its card."
    )
    assert await session(driver, fake, "admin", "cancel 1 2026-01-21") == (
        "Cancelled Office hour on 2026-01-21 (session 2); the series goes on. "
        "Whoever answered Going or Maybe was told."
    )
    refused = await session(driver, fake, "admin", "cancel 1 2026-01-22")
    assert refused.startswith("2026-01-22 is not a date of this series")
    assert "host level" in await session(driver, fake, "bob", "cancel 1 2026-01-28")
