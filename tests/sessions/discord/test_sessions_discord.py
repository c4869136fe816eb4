"""/session on Discord through the real discord.py: native options, the card with Going / Maybe /
Can't go and the time as `<t:...>`, a press answered privately and the card's count edited,
list, attendance, cancel telling Going and Maybe by DM, and "Add to calendar" sending the .ics
as an attachment of a DM."""

from __future__ import annotations

from typing import Any

from adapters.discord.client import CohortClient
from tests.adapters.discord.fake_server import EPHEMERAL, FakeDiscord, RecordedRequest
from tests.adapters.discord.test_end_to_end import answer_to

STRING, INTEGER, SUB_COMMAND = 3, 4, 1
STARTS = 1767808800  # 2026-01-07 18:00 UTC (the community's zone is UTC in the tests)


async def run(fake: FakeDiscord, who: str, path: str, **options: Any) -> dict[str, Any]:
    """Run a slash command typed by `who` with native options; return the answer's data."""
    values = [
        {"type": INTEGER if isinstance(value, int) else STRING, "name": name, "value": value}
        for name, value in options.items()
    ]
    interaction = await fake.slash_command(who, path, values)
    return dict((await answer_to(fake, interaction))["data"])


async def posted_card(fake: FakeDiscord) -> RecordedRequest:
    """Create a 90-minute office hour as the owner; return the card's post."""
    seen = len(fake.requests)
    created = await run(
        fake,
        "owner",
        "session create",
        title="Office hour",
        day="2026-01-07",
        at="18:00",
        rest="90m",
    )
    assert created["content"] == "Session 1 is posted. Members answer on its card."
    assert created["flags"] & EPHEMERAL
    return await fake.wait_for_request(
        "POST", rf"/channels/{fake.guild.general}/messages", after=seen
    )


async def press(fake: FakeDiscord, who: str, card: RecordedRequest, custom_id: str) -> str:
    """Press a button of the card as `who`; return the private answer."""
    interaction = await fake.press_button(who, str(card.answer["id"]), custom_id)
    body = await answer_to(fake, interaction)
    assert body["data"]["flags"] & EPHEMERAL
    return str(body["data"]["content"])


def labels(components: list[dict[str, Any]]) -> dict[str, str]:
    """Return the buttons of a message's components, label to custom id."""
    return {
        button["label"]: button["custom_id"] for row in components for button in row["components"]
    }


async def test_session_subcommands_have_native_options(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    (session,) = [c for c in fake.guild.commands["global"] if c["name"] == "session"]
    subcommands = {option["name"]: option for option in session["options"]}
    assert set(subcommands) >= {"create", "list", "cancel", "move", "attendance", "reminders"}
    assert all(option["type"] == SUB_COMMAND for option in subcommands.values())
    create = {o["name"]: o for o in subcommands["create"]["options"]}
    assert [name for name, o in create.items() if o.get("required")] == ["title", "day", "at"]
    assert "YYYY-MM-DD" in create["day"]["description"]
    assert "HH:MM" in create["at"]["description"]
    cancel = {o["name"]: o for o in subcommands["cancel"]["options"]}
    assert cancel["session"]["type"] == INTEGER
    assert cancel["which"]["type"] == STRING
    assert "all" in cancel["which"]["description"]
    assert "YYYY-MM-DD" in cancel["which"]["description"]
    reminders = {o["name"]: o for o in subcommands["reminders"]["options"]}
    assert {c["value"] for c in reminders["state"]["choices"]} == {"on", "off"}


async def test_a_card_is_answered_counted_listed_and_cancelled_with_dms(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    bob = fake.guild.add_member("bob")
    card = await posted_card(fake)
    assert f"<t:{STARTS}:F>, for 1h30m (session 1)" in card.json["content"]
    assert "Going: 0 · Maybe: 0 · Can't go: 0" in card.json["content"]
    buttons = labels(card.json["components"])
    assert list(buttons) == ["Going", "Maybe", "Can't go", "Add to calendar"]

    seen = len(fake.requests)
    assert await press(fake, "bob", card, buttons["Going"]) == "You answered Going."
    card_path = rf"/channels/{fake.guild.general}/messages/{card.answer['id']}"
    edited = await fake.wait_for_request("PATCH", card_path, after=seen)
    assert "Going: 1 · Maybe: 0 · Can't go: 0" in edited.json["content"]

    listed = await run(fake, "bob", "session list")
    assert listed["content"] == (
        f"Coming up:\n1. Office hour: <t:{STARTS}:F>, for 1h30m. You answered Going."
    )
    shown = await run(fake, "owner", "session attendance", session=1)
    assert f"Going: <@{bob}>\nMaybe: -" in shown["content"]
    unknown = await run(fake, "owner", "session attendance", session=99)
    assert unknown["content"] == "There is no session 99 here. /session list shows them."
    assert unknown["flags"] & EPHEMERAL

    refused = await run(fake, "bob", "session cancel", session=1)
    assert "host" in refused["content"].lower()
    assert not any(r.path == "/users/@me/channels" for r in fake.requests[seen:])

    seen = len(fake.requests)
    cancelled = await run(fake, "owner", "session cancel", session=1)
    assert cancelled["content"] == "Cancelled 1 session; whoever answered Going or Maybe was told."
    opened = next(r for r in fake.requests[seen:] if r.path == "/users/@me/channels")
    assert opened.json["recipient_id"] == bob
    dm = opened.answer["id"]
    told = await fake.wait_for_request("POST", rf"/channels/{dm}/messages", after=seen)
    assert told.json["content"] == f"Office hour on <t:{STARTS}:F>, for 1h30m is cancelled."
    update = await fake.wait_for_request("PATCH", card_path, after=seen)
    assert "is cancelled (session 1)" in update.json["content"]
    assert not update.json.get("components")


async def test_add_to_calendar_sends_the_ics_as_a_dm_attachment(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    cai = fake.guild.add_member("cai")
    card = await posted_card(fake)
    seen = len(fake.requests)
    answer = await press(fake, "cai", card, labels(card.json["components"])["Add to calendar"])
    assert answer == "The calendar file is in your direct messages."
    opened = next(r for r in fake.requests[seen:] if r.path == "/users/@me/channels")
    assert opened.json["recipient_id"] == cai
    sent = await fake.wait_for_request(
        "POST", rf"/channels/{opened.answer['id']}/messages", after=seen
    )
    assert sent.json["content"] == "Office hour: add it to your calendar with this file."
    assert list(sent.files) == ["session-1.ics"]
    text = sent.files["session-1.ics"].decode()
    assert text.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Office hour" in text
    assert "DTSTART:20260107T180000Z" in text
    assert "UID:session-1@cohort" in text
    assert sent.answer["attachments"][0]["filename"] == "session-1.ics"
    assert not any(
        r.files
        for r in fake.requests[seen:]
        if r.path.startswith(f"/channels/{fake.guild.general}")
    )


async def test_a_refused_attachment_is_explained_privately(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    fake.guild.add_member("cai")
    card = await posted_card(fake)
    fake.fail_next("POST", r"/users/@me/channels", status=403)  # DMs closed
    answer = await press(fake, "cai", card, labels(card.json["components"])["Add to calendar"])
    assert "could not open a direct message" in answer.lower()


async def test_with_manage_events_a_session_is_a_scheduled_event_kept_in_step(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    card = await posted_card(fake)
    created = await fake.wait_for_request("POST", rf"/guilds/{fake.guild.id}/scheduled-events")
    assert created.status == 200
    (event,) = fake.guild.scheduled_events.values()
    card_link = (
        f"https://discord.com/channels/{fake.guild.id}/{fake.guild.general}/{card.answer['id']}"
    )
    assert event["name"] == "Office hour"
    assert (event["entity_type"], event["privacy_level"], event["status"]) == (3, 2, 1)
    assert event["entity_metadata"] == {"location": card_link}
    assert event["scheduled_start_time"].startswith("2026-01-07T18:00:00")
    assert event["scheduled_end_time"].startswith("2026-01-07T19:30:00")

    moved = await run(fake, "owner", "session move", session=1, day="2026-01-08", at="09:15")
    assert moved["content"].startswith("Session 1 is moved")
    assert event["scheduled_start_time"].startswith("2026-01-08T09:15:00")
    assert event["scheduled_end_time"].startswith("2026-01-08T10:45:00")
    await run(fake, "owner", "session cancel", session=1)
    assert event["status"] == 4
    assert len(fake.guild.scheduled_events) == 1


async def test_a_date_of_a_series_is_cancelled_ahead_of_time(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    created = await run(
        fake,
        "owner",
        "session create",
        title="Office hour",
        day="2026-01-07",
        at="18:00",
        rest="every 1 week",
    )
    assert created["content"] == "Session 1 is posted. Members answer on its card."
    skipped = await run(fake, "owner", "session cancel", session=1, which="2026-01-21")
    assert skipped["flags"] & EPHEMERAL
    assert skipped["content"] == (
        "Cancelled Office hour on 2026-01-21 (session 2); the series goes on. "
        "Whoever answered Going or Maybe was told."
    )
    refused = await run(fake, "owner", "session cancel", session=1, which="2026-01-22")
    assert refused["flags"] & EPHEMERAL
    assert refused["content"].startswith("2026-01-22 is not a date of this series")
    member = await run(fake, "bob", "session cancel", session=1, which="2026-01-28")
    assert "host level" in member["content"]
    assert len(fake.guild.scheduled_events) == 1  # the skipped date has no event of its own


async def test_without_manage_events_the_card_stands_alone(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    guild = fake.guild
    role = guild.roles[guild.bot_role]
    role["permissions"] = str(int(role["permissions"]) & ~(1 << 33))  # a server took it away
    await fake.dispatch("GUILD_ROLE_UPDATE", {"guild_id": guild.id, "role": role})
    await posted_card(fake)
    cancelled = await run(fake, "owner", "session cancel", session=1)
    assert cancelled["content"].startswith("Cancelled 1 session")
    assert not any("scheduled-events" in r.path for r in fake.requests)
    assert guild.scheduled_events == {}


async def test_a_refused_scheduled_event_never_fails_the_session(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    fake.fail_next("POST", r"/guilds/[0-9]+/scheduled-events", status=400)
    await posted_card(fake)  # the host is told it is posted: the card stands alone
    moved = await run(fake, "owner", "session move", session=1, day="2026-01-08", at="09:15")
    assert moved["content"].startswith("Session 1 is moved")
    assert not any(r.method == "PATCH" and "scheduled-events" in r.path for r in fake.requests)
    assert fake.guild.scheduled_events == {}
