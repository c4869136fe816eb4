"""A console community's world: the virtual clock moved by `time`, levels, and what happens to
members (timeouts, kicks, bans, leaving)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.console.session import COMMUNITY, ConsoleSession
from bot.events import MemberJoined
from bot.messages import OutboundMessage
from bot.platform import Platform
from tests.conftest import START
from tests.console.test_session import CARL, GENERAL, ids, only_error, say_all


async def test_time_moves_the_virtual_clock(console: ConsoleSession) -> None:
    records = await console.say("time +1d")
    assert [(r.kind, r.at) for r in records] == [("time", START + timedelta(days=1))]
    assert console.clock.now() == START + timedelta(days=1)
    await console.say("time 2026-01-10 09:30")
    assert console.clock.now() == datetime(2026, 1, 10, 9, 30, tzinfo=UTC)
    message = (await console.say("@alice: later"))[0]
    assert message.at == datetime(2026, 1, 10, 9, 30, tzinfo=UTC)


async def test_time_runs_due_work_in_order_at_its_own_moment(console: ConsoleSession) -> None:
    def post_at(hours: int, text: str) -> None:
        async def post() -> None:
            await console.platform.post(GENERAL, OutboundMessage(text))

        console.clock.call_at(START + timedelta(hours=hours), post)

    armed_before = console.clock.pending()
    post_at(30, "later")
    post_at(3, "sooner")
    post_at(50, "not yet")
    records = await console.say("time +1d12h")
    assert [(r.kind, r.text, r.at) for r in records] == [
        ("time", None, START + timedelta(hours=36)),
        ("post", "sooner", START + timedelta(hours=3)),
        ("post", "later", START + timedelta(hours=30)),
    ]
    assert console.clock.pending() == armed_before + 1  # "not yet" still waits


async def test_time_cannot_go_backwards(console: ConsoleSession) -> None:
    await console.say("time +1d")
    error = only_error(await console.say("time 2026-01-05 09:00"))
    assert (error.line, error.text) == (2, "The virtual clock cannot go back in time.")
    assert console.clock.now() == START + timedelta(days=1)


async def test_time_to_a_moment_reads_it_in_the_community_zone(console: ConsoleSession) -> None:
    await say_all(console, "@hana is admin", "@hana: /setup timezone Europe/Berlin")
    records = await console.say("time 2026-01-10 09:00")
    assert console.clock.now() == datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
    assert records[0].as_text() == "time 2026-01-10 09:00 CET (Sat)"


async def test_a_level_lets_a_member_use_the_commands_of_that_level(
    console: ConsoleSession,
) -> None:
    refused = await console.say("@hana: /guidelines add Be kind")
    assert refused[-1].error
    records = await say_all(console, "@hana is host", "@hana: /guidelines add Be kind")
    assert [(r.kind, r.author, r.text) for r in records[:1]] == [("level", "@hana", "host")]
    assert not records[-1].error
    assert "Be kind" in ((await console.say("@alice: /guidelines"))[-1].text or "")


async def test_a_timed_out_member_cannot_post_until_the_timeout_passes(
    console: ConsoleSession,
) -> None:
    await console.say("@carl: hello")  # m1
    await console.platform.timeout(COMMUNITY, CARL, timedelta(hours=1), "spam")
    error = only_error(await console.say("@carl: let me talk"))
    assert error.text == "@carl is timed out until 2026-01-05 09:00."
    only_error(await console.say("@carl: /help"))
    await console.say("time +1h")
    assert ids(await console.say("@carl: back")) == [("message", "m2")]


async def test_untimeout_lets_the_member_post_at_once(console: ConsoleSession) -> None:
    await console.platform.timeout(COMMUNITY, CARL, timedelta(days=1), None)
    only_error(await console.say("@carl: hello"))
    await console.platform.untimeout(COMMUNITY, CARL)
    assert ids(await console.say("@carl: hello")) == [("message", "m1")]


async def test_a_kicked_member_must_join_again(console: ConsoleSession) -> None:
    joined: list[MemberJoined] = []

    async def keep(event: MemberJoined, _platform: Platform) -> None:
        joined.append(event)

    console.app.dispatcher.subscribe(MemberJoined, keep)
    await console.say("@carl: hello")
    await console.platform.kick(COMMUNITY, CARL, "spam")
    error = only_error(await console.say("@carl: I'm back"))
    assert error.text == '@carl is not in the community; write "@carl joins" first.'
    rejoined = await console.say("@carl joins")
    # The join is echoed, then the welcome goes by DM (no intros channel is set).
    assert [(r.kind, r.author, r.to) for r in rejoined] == [
        ("join", "@carl", None),
        ("dm", None, "@carl"),
    ]
    assert [event.actor.user for event in joined] == [CARL]
    assert ids(await console.say("@carl: I'm back")) == [("message", "m3")]


async def test_a_banned_member_cannot_post_or_join_until_unbanned(
    console: ConsoleSession,
) -> None:
    await console.say("@carl: hello")
    await console.platform.ban(COMMUNITY, CARL, "spam")
    error = only_error(await console.say("@carl: hello?"))
    assert error.text == "@carl is banned from the community."
    error = only_error(await console.say("@carl joins"))
    assert error.text == "@carl is banned; a moderator must unban them first."
    await console.platform.unban(COMMUNITY, CARL)
    only_error(await console.say("@carl: still out"))  # unbanned is not rejoined
    await console.say("@carl joins")  # welcomed by DM: m2
    assert ids(await console.say("@carl: thanks")) == [("message", "m3")]


async def test_a_member_who_left_cannot_post(console: ConsoleSession) -> None:
    assert [(r.kind, r.author) for r in await console.say("@alice leaves")] == [("leave", "@alice")]
    error = only_error(await console.say("@alice: hello?"))
    assert error.text == '@alice is not in the community; write "@alice joins" first.'
