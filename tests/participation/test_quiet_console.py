"""Quiet members in the console on the virtual clock: one kind nudge, opt-outs, breaks, hours."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.session import COMMUNITY, PLATFORM, ConsoleSession
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.events import Actor, ButtonPressed, MemberJoined
from bot.refs import ChannelRef, InteractionRef, MessageRef, UserRef
from bot.settings import Settings
from tests.commands.support import ok
from tests.conftest import START
from tests.console.test_session import say_all

BUTTONS = ("I'm fine, just reading", "Snooze 2 weeks", "Pair me with someone", "Talk to a host")


def nudges(records: list[Record], who: str | None = None) -> list[Record]:
    """The nudges among `records` (to `who`, if given)."""
    return [
        r
        for r in records
        if r.kind == "dm"
        and "lurking is also learning" in (r.text or "")
        and (who is None or r.to == who)
    ]


async def test_a_quiet_member_is_nudged_once_and_an_active_one_never(
    console: ConsoleSession,
) -> None:
    await say_all(console, "@hana is admin", "@alice joins", "@bob joins")
    records: list[Record] = []
    for _ in range(8):  # Bob posts every three days for 24 days; Alice says nothing
        records += await say_all(console, "@bob: hello again", "time +3d")
    assert [r.to for r in nudges(records)] == ["@alice"]
    (nudge,) = nudges(records)
    assert nudge.at == datetime(2026, 1, 19, 10, 0, tzinfo=UTC)  # quiet from 08:00, sent at 10
    assert nudge.buttons == BUTTONS


async def test_the_nudge_carries_the_current_topic_and_its_thread(
    console: ConsoleSession,
) -> None:
    await say_all(
        console,
        "@hana is admin",
        "@alice joins",
        "@hana: /topic add What surprised you this week?",
        "@hana: /topic post #topics",
    )
    (nudge,) = nudges(await console.say("time +15d"))
    assert "What surprised you this week?" in (nudge.text or "")
    assert "#topics" in (nudge.text or "")


async def test_an_opted_out_member_is_never_nudged_and_can_opt_back_in(
    console: ConsoleSession,
) -> None:
    await say_all(console, "@alice joins", "@carl joins")
    answer = await console.say("@carl: /nudges off")
    assert "no more quiet-member check-ins" in (answer[-1].text or "")
    records = await console.say("time +20d")
    assert [r.to for r in nudges(records)] == ["@alice"]
    await console.say("@carl: /nudges on")
    assert [r.to for r in nudges(await console.say("time +1d"))] == ["@carl"]


async def test_no_nudges_during_a_term_break(console: ConsoleSession) -> None:
    await say_all(
        console, "@hana is admin", "@alice joins", "@hana: /setup break 2026-01-15 2026-01-25"
    )
    records = await console.say("time 2026-01-25 23:00")
    assert nudges(records) == []
    (nudge,) = nudges(await console.say("time 2026-01-27 00:00"))
    assert nudge.at == datetime(2026, 1, 26, 10, 0, tzinfo=UTC)


async def test_nudges_go_out_in_daytime_in_the_members_own_time_zone(
    console: ConsoleSession,
) -> None:
    await say_all(
        console, "@lou joins", "@lou: /profile timezone America/Los_Angeles", "@ben joins"
    )
    records = await console.say("time +16d")
    by_member = {r.to: r.at for r in nudges(records)}
    # Both are quiet from 08:00 UTC on the 19th: 08:00 for Ben (UTC), midnight for Lou.
    assert by_member["@ben"] == datetime(2026, 1, 19, 10, 0, tzinfo=UTC)
    assert by_member["@lou"] == datetime(2026, 1, 19, 18, 0, tzinfo=UTC)  # 10:00 in LA


async def test_one_check_in_per_quiet_spell_then_another_after_posting_and_going_quiet(
    console: ConsoleSession,
) -> None:
    await console.say("@alice joins")
    records = await console.say("time +90d")
    assert [r.at.date().isoformat() for r in nudges(records)] == ["2026-01-19"]
    await console.say("@alice: I'm back for a bit")  # 2026-04-05
    records = await console.say("time +30d")
    assert [r.at.date().isoformat() for r in nudges(records)] == ["2026-04-19"]


async def test_quiet_list_shows_quiet_members_to_hosts_only(console: ConsoleSession) -> None:
    await say_all(console, "@hana is host", "@alice joins", "@bob joins", "@carl joins")
    await say_all(console, "@carl: /nudges off", "time +10d", "@bob: still here")
    answer = await console.say("@hana: /quiet list 7")
    text = answer[-1].text or ""
    assert "2 members" in text
    assert "alice: last post never" in text
    assert "carl: last post never · nudges off" in text
    assert "bob" not in text
    denied = await console.say("@alice: /quiet list")
    assert denied[-1].error


async def test_each_nudge_button(console: ConsoleSession) -> None:
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup channel hosts #hosts",
        "@alice joins",
        "@bob joins",
        "@carl joins",
        "@dina joins",
    )
    await console.say("time +15d")
    fine = await console.say('@alice presses "I\'m fine, just reading"')
    assert "enjoy reading" in (fine[-1].text or "")
    snooze = await console.say('@bob presses "Snooze 2 weeks"')
    assert "no check-ins until 2026-02-03" in (snooze[-1].text or "")
    pair = await console.say('@carl presses "Pair me with someone"')
    assert "You're in!" in (pair[-1].text or "")
    status = await console.say("@carl: /buddy status")
    assert "You're in buddy pairing." in (status[-1].text or "")
    host = await console.say('@dina presses "Talk to a host"')
    (note,) = [r for r in host if r.kind == "post" and r.to == "#hosts"]
    assert "@dina would like to talk with a host" in (note.text or "")
    assert "let the hosts know" in (host[-1].text or "")
    again = await console.say('@dina presses "Talk to a host"')
    assert [r for r in again if r.to == "#hosts"] == [], "the hosts are told once"
    assert "already know" in (again[-1].text or "")
    # Bob asked again in two weeks; the others had their one check-in of this quiet spell.
    later = await console.say("time 2026-03-19 00:00")
    assert sorted((r.at.date().isoformat(), r.to) for r in nudges(later)) == [
        ("2026-02-03", "@bob"),
    ]


async def press(session: ConsoleSession, name: str, action_id: str, message_id: str) -> Record:
    """Dispatch a button press as `name` directly (as if they pressed it); return the answer."""
    event = ButtonPressed(
        community=COMMUNITY,
        at=session.clock.now(),
        actor=Actor(UserRef(PLATFORM, name), name),
        interaction=InteractionRef(
            PLATFORM,
            "i-test",
            token="i-test",
            channel=ChannelRef(PLATFORM, f"dm:{name}"),
            user=UserRef(PLATFORM, name),
        ),
        action_id=action_id,
        message=MessageRef(PLATFORM, f"dm:{name}", message_id),
    )
    records: list[Record] = []
    await session.app.dispatcher.dispatch(event, ConsolePlatform(session.world, records.append))
    return records[-1]


def nudge_action(session: ConsoleSession, label: str, to: str = "alice") -> tuple[str, str]:
    """Return the action id of a button on `to`'s nudge, and the nudge's message id."""
    (message,) = [
        m
        for m in session.world.messages.values()
        if m.channel_id == f"dm:{to}" and any(b.label == label for b in m.buttons)
    ]
    return next(b.action_id for b in message.buttons if b.label == label), message.id


async def test_a_nudge_button_pressed_by_someone_else_changes_nothing(
    console: ConsoleSession, app: App
) -> None:
    await say_all(console, "@alice joins", "@mallory joins", "time +15d")
    action_id, message_id = nudge_action(console, "Snooze 2 weeks")
    answer = await press(console, "mallory", action_id, message_id)
    assert "meant for someone else" in (answer.text or "")
    assert await app.services.nudges.outcomes(1, START) == {"sent": 2}


async def test_nudge_buttons_work_after_a_restart(
    console: ConsoleSession, app: App, settings: Settings, clock: VirtualClock
) -> None:
    await say_all(console, "@alice joins", "time +15d")
    action_id, message_id = nudge_action(console, "I'm fine, just reading")
    await app.close()

    restarted = build_app(settings, clock)
    await restarted.start()
    try:
        session = ConsoleSession(restarted, clock)
        await session.attach()
        answer = await press(session, "alice", action_id, message_id)
        assert "enjoy reading" in (answer.text or "")
        outcomes = await restarted.services.nudges.outcomes(1, START)
        assert outcomes == {"sent": 1, "answer:fine": 1}
    finally:
        await restarted.close()


async def test_bad_input_gets_a_private_explanation_and_changes_nothing(
    console: ConsoleSession,
) -> None:
    await say_all(console, "@hana is admin", "@hana: /setup channel hosts #hosts")
    for line, expected in (
        ("@hana: /quiet list 0", "between 1 and 365 days"),
        ("@hana: /quiet list soon", "/quiet list"),
        ("@hana: /stats digest someday 09:00", "/stats digest"),
        ("@hana: /stats undigest", "No digest is scheduled"),
        ("@hana: /nudges maybe", "/nudges"),
    ):
        answer = (await console.say(line))[-1]
        assert answer.kind == "ephemeral", line
        assert answer.error, line
        assert expected in (answer.text or ""), (line, answer.text)


async def test_a_bot_that_joined_is_never_nudged_nor_counted(
    console: ConsoleSession, app: App
) -> None:
    helper = Actor(UserRef(PLATFORM, "helperbot"), "helperbot", is_bot=True)
    await app.dispatcher.dispatch(
        MemberJoined(community=COMMUNITY, at=console.clock.now(), actor=helper), console.platform
    )
    await say_all(console, "@hana is admin", "@alice joins")
    records = await console.say("time +20d")
    assert [r.to for r in nudges(records)] == ["@alice"]
    text = await ok(console, "@hana: /stats")
    assert "(of 2)" in text  # alice and hana; not the bot


async def test_quiet_list_names_members_as_mentions(console: ConsoleSession) -> None:
    await say_all(console, "@hana is host", "@quinn joins", "time +10d")
    text = (await console.say("@hana: /quiet list 7"))[-1].text or ""
    assert "• @quinn: last post never" in text
