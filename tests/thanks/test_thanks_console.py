"""/thanks in the console, end to end: the private note and thank-you, every refusal changing
nothing, the limits, a failed note taking the thanks back, /profile and /profile forget."""

from __future__ import annotations

import pytest

from adapters.console.session import ConsoleSession
from bot.errors import PlatformError
from bot.storage.models import Thanks
from tests.commands.support import answers, community_id, ok, refused, snapshot
from tests.storage.support import count_rows


@pytest.fixture
async def members(console: ConsoleSession) -> None:
    for line in ("@alice joins", "@bob joins", "@hana joins", "@hana is host"):
        await console.say(line)


async def test_a_thanks_is_a_private_note_with_the_reason_and_a_private_thank_you(
    console: ConsoleSession, members: None
) -> None:
    records = answers(await console.say("@alice: /thanks @bob for the <@hana> tip @everyone"))
    note, thank_you = records
    assert (note.kind, note.to) == ("dm", "@bob")
    assert note.text == "🙏 @alice thanked you in #general: “for the <@hana> tip @everyone”"
    assert thank_you.kind == "ephemeral"
    assert thank_you.text.startswith("Your thanks went to @bob, privately.")
    shown = await ok(console, "@bob: /profile")
    assert "Thanks received: 1, privately." in shown


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("@alice: /thanks @alice", "You cannot thank yourself"),
        ("@alice: /thanks @zed", "I don't know @zed as a member here"),
        ("@alice: /thanks @bob " + "x" * 301, "keep the reason to 300 characters (it has 301)"),
        ("@alice: /thanks", "Usage"),
    ],
)
async def test_bad_thanks_are_refused_privately_and_change_nothing(
    console: ConsoleSession, members: None, line: str, says: str
) -> None:
    before = await snapshot(console.app)
    assert says.casefold() in (await refused(console, line)).casefold()
    assert await snapshot(console.app) == before


async def test_a_bot_cannot_be_thanked(console: ConsoleSession, members: None) -> None:
    await console.say("@helper joins")
    app = console.app
    community = await community_id(app)
    helper = await app.services.members.find_id(community, "helper")
    await app.services.participation.mark_bot(community, helper)  # as a bot's join marks it
    assert "Bots cannot be thanked" in await refused(console, "@alice: /thanks @helper")


async def test_a_repeat_within_a_minute_is_one_thanks_and_ten_a_day_is_the_most(
    console: ConsoleSession, members: None
) -> None:
    await ok_thanks(console, "@alice: /thanks @bob one")
    repeat = answers(await console.say("@alice: /thanks @bob two"))
    assert [r.kind for r in repeat] == ["ephemeral"]  # no second note
    assert repeat[0].text == "You thanked @bob a moment ago; that thanks counts once."
    for _ in range(9):
        await console.say("time +2m")
        await ok_thanks(console, "@alice: /thanks @bob again")
    await console.say("time +2m")
    assert "the most a day allows" in await refused(console, "@alice: /thanks @hana")
    assert await count_rows(console.app.database, Thanks.__table__) == 10
    await console.say("time +1d")
    await ok_thanks(console, "@alice: /thanks @hana")


async def ok_thanks(console: ConsoleSession, line: str) -> None:
    kinds = [record.kind for record in answers(await console.say(line))]
    assert kinds == ["dm", "ephemeral"], kinds


async def test_a_note_the_platform_refuses_records_nothing(
    console: ConsoleSession, members: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(*_args: object, **_kwargs: object) -> None:
        raise PlatformError("DMs are closed")

    monkeypatch.setattr(console.platform, "direct_message", refuse)
    answer = await refused(console, "@alice: /thanks @bob for the help")
    assert answer == (
        "I could not deliver your thanks to bob (DMs are closed). Nothing was recorded; "
        "you can try again."
    )
    assert await count_rows(console.app.database, Thanks.__table__) == 0


async def test_forgetting_removes_thanks_given_and_received(
    console: ConsoleSession, members: None
) -> None:
    await ok_thanks(console, "@alice: /thanks @bob")
    await ok_thanks(console, "@bob: /thanks @hana")
    await ok_thanks(console, "@hana: /thanks @alice")
    await console.say("@bob: /profile forget")
    await ok(console, '@bob presses "Forget me"')
    assert await count_rows(console.app.database, Thanks.__table__) == 1  # hana -> alice


async def test_the_weekly_post_is_for_hosts_and_can_be_stopped(
    console: ConsoleSession, members: None
) -> None:
    assert "needs the host level" in await refused(console, "@alice: /thanks weekly on")
    assert "every Friday at 16:00" in await ok(console, "@hana: /thanks weekly on")
    await ok_thanks(console, "@alice: /thanks @bob")
    records = await console.say("time 2026-01-09 16:01")
    posts = [r for r in answers(records) if r.kind == "post"]
    assert [p.text for p in posts] == [
        "🙏 Thanks this week went to @bob. Thank you for helping each other learn; you can "
        "thank someone too with /thanks."
    ]
    assert await ok(console, "@hana: /thanks weekly off") == (
        "The weekly thanks post in this channel is stopped."
    )
    await ok_thanks(console, "@alice: /thanks @hana")
    later = await console.say("time +7d")
    assert [r for r in answers(later) if r.kind == "post"] == []
