"""/buddy in the console on the virtual clock: joining, rounds, check-ins, auto-pause, breaks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import App
from bot.settings import Settings
from tests.commands.support import ok, press, refused, say
from tests.console.test_session import say_all
from tests.scheduler.test_exactly_once import process

MEMBERS = ("alice", "bob", "carl", "dana")
FIRST_GROUP_MET = "buddy:met:1"
"""The action id of "We met" for the first group a fresh database makes: it names the group."""


def groups(records: list[Record]) -> list[Record]:
    return [r for r in records if r.kind == "group" and "Meet your buddies" in (r.text or "")]


def checkins(records: list[Record]) -> list[Record]:
    return [r for r in records if r.kind == "group" and "check-in" in (r.text or "")]


async def everyone_joins(console: ConsoleSession, *names: str) -> None:
    await say_all(console, "@hana is host", *(f"@{name}: /buddy join" for name in names))


async def test_members_join_pause_leave_and_see_their_status(console: ConsoleSession) -> None:
    assert "You're in!" in await ok(console, "@alice: /buddy join")
    assert "already in" in await ok(console, "@alice: /buddy join")
    assert await ok(console, "@alice: /buddy") == "You're in buddy pairing."
    assert "until 2026-01-19" in await ok(console, "@alice: /buddy pause 2")
    assert "paused until 2026-01-19" in await ok(console, "@alice: /buddy status")
    assert "Pause for 1 to 52 weeks" in await refused(console, "@alice: /buddy pause 0")
    assert "haven't joined" in await refused(console, "@bob: /buddy pause 1")
    assert "You've left" in await ok(console, "@alice: /buddy leave")
    assert "weren't in" in await ok(console, "@alice: /buddy leave")
    assert "not in buddy pairing" in await ok(console, "@alice: /buddy status")


async def test_hosts_only_run_rounds_and_a_round_needs_two_members(console: ConsoleSession) -> None:
    assert "host level" in await refused(console, "@alice: /buddy round")
    await everyone_joins(console, "alice")
    assert "at least two members" in await refused(console, "@hana: /buddy round")


async def test_a_round_groups_everyone_with_an_icebreaker_and_status_shows_buddies(
    console: ConsoleSession,
) -> None:
    await everyone_joins(console, *MEMBERS, "erin")
    await say_all(console, "@hana: /topic add What did you build this week?", "@erin leaves")
    records = await console.say("@hana: /buddy round")
    assert "Buddy round 1: 4 members in 2 groups" in (records[-1].text or "")
    opened = groups(records)
    assert sorted(name for g in opened for name in g.to) == [f"@{n}" for n in MEMBERS]
    assert all("Icebreaker: What did you build this week?" in (g.text or "") for g in opened)
    (mine,) = [g for g in opened if "@alice" in g.to]
    (buddy,) = [name for name in mine.to if name != "@alice"]
    status = await ok(console, "@alice: /buddy status")
    assert f"Current buddy: {buddy}" in status
    await console.say("@hana: /buddy round")
    assert f"{buddy} (round 1)" in await ok(console, "@alice: /buddy status")


async def test_check_in_buttons_record_each_answer_once_and_give_the_meeting_rate(
    console: ConsoleSession,
) -> None:
    await everyone_joins(console, "alice", "bob")
    await console.say("@hana: /buddy round")
    assert checkins(await console.say("time +3d")) == []
    not_asked = "Pairing meeting rate: no pairing rounds yet"  # no group checked in yet
    assert not_asked in await ok(console, "@hana: /stats")
    (checkin,) = checkins(await console.say("time +12h"))  # half a week after the round
    assert checkin.buttons == ("We met", "Not yet", "Skip")
    assert "Pairing meeting rate: 0% of pairs met" in await ok(console, "@hana: /stats")
    assert "Wonderful" in await ok(console, f'@alice presses "We met" on {checkin.id}')
    assert "already answered “We met”" in await ok(
        console, f'@alice presses "We met" on {checkin.id}'
    )
    assert "still time" in await ok(console, f'@bob presses "Not yet" on {checkin.id}')
    assert "Changed your answer to “Skip”" in await ok(
        console, f'@bob presses "Skip" on {checkin.id}'
    )
    stats = await ok(console, "@hana: /buddy stats")
    assert "2 members joined (0 paused); 1 round, 1 group; 1 of 1 checked-in group met" in stats
    assert "Pairing meeting rate: 100% of pairs met" in await ok(console, "@hana: /stats")


async def test_only_the_group_may_answer_its_check_in(console: ConsoleSession) -> None:
    await everyone_joins(console, "alice", "bob")
    await console.say("@hana: /buddy round")
    assert len(checkins(await console.say("time +4d"))) == 1
    reply = await press(console, "carl", FIRST_GROUP_MET)
    assert reply.error
    assert "another buddy group" in (reply.text or "")
    forged = await press(console, "alice", "buddy:maybe:1")
    assert forged.error


async def test_a_check_in_still_works_after_a_restart(
    settings: Settings, sqlite_database: object
) -> None:
    start = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    database = sqlite_database
    async with process(settings, database, start) as first:  # type: ignore[arg-type]
        await everyone_joins(first.console, "alice", "bob")
        await first.console.say("@hana: /buddy round")
        (checkin,) = checkins(await first.console.say("time +4d"))
        assert checkin.buttons == ("We met", "Not yet", "Skip")
    async with process(settings, database, start + timedelta(days=4)) as second:  # type: ignore[arg-type]
        reply = await press(second.console, "alice", FIRST_GROUP_MET)
        assert "Wonderful" in (reply.text or "")
        await second.console.say("@hana is host")  # levels live on the platform, not the bot
        stats = await ok(second.console, "@hana: /buddy stats")
        assert "1 of 1 checked-in group met (100%)" in stats


async def test_three_ignored_check_ins_pause_a_member_who_is_told_how_to_rejoin(
    console: ConsoleSession,
) -> None:
    await everyone_joins(console, "alice", "bob", "carl")
    await console.say("@hana: /buddy schedule mon 09:00")
    records: list[Record] = []
    for _ in range(3):
        week = await console.say("time +7d")
        records += week
        for checkin in checkins(week):
            for name in ("bob", "carl"):
                if f"@{name}" in checkin.to:
                    await console.say(f'@{name} presses "We met" on {checkin.id}')
    records += await console.say("time +4d")
    told = [r for r in records if r.kind == "dm" and r.to == "@alice"]
    (dm,) = told
    assert "/buddy join" in (dm.text or "")
    assert "paused after unanswered check-ins" in await ok(console, "@alice: /buddy status")
    later = groups(await console.say("time +3d"))
    assert all("@alice" not in g.to for g in later)
    assert "Welcome back" in await ok(console, "@alice: /buddy join")
    assert (await ok(console, "@alice: /buddy status")).startswith("You're in buddy pairing.")


async def test_scheduled_rounds_pause_for_a_break(console: ConsoleSession) -> None:
    await everyone_joins(console, "alice", "bob")
    await say_all(
        console,
        "@hana is admin",
        "@hana: /buddy schedule mon 09:00",
        "@hana: /setup break 2026-01-08 2026-01-18",
    )
    first = await console.say("time 2026-01-05 09:00")
    assert len(groups(first)) == 1
    during = await console.say("time 2026-01-18 23:00")
    assert groups(during) == []  # Monday the 12th is in the break
    assert checkins(during) == []  # the first round's check-in fell due on its first day
    assert "on a break" in await refused(console, "@hana: /buddy round")
    after = await console.say("time 2026-01-23 00:00")
    assert len(groups(after)) == 1
    assert len(checkins(after)) == 1
    stats = await ok(console, "@hana: /buddy stats")
    assert "2 rounds, 2 groups; 0 of 1 checked-in group" in stats
    assert "Rounds run every Monday at 09:00, next 2026-01-26 09:00 (UTC)." in stats


async def test_unschedule_stops_the_rounds(console: ConsoleSession, app: App) -> None:
    await everyone_joins(console, "alice", "bob")
    assert "every Wednesday at 10:00" in await ok(console, "@hana: /buddy schedule wed 10:00")
    await ok(console, "@hana: /buddy unschedule")
    assert groups(await console.say("time +14d")) == []
    assert "No buddy rounds" in await refused(console, "@hana: /buddy unschedule")
    community_id = await app.services.communities.ensure(COMMUNITY)
    assert await app.services.schedules.for_community(community_id) == []


async def test_forgetting_a_member_removes_their_pairing_data(console: ConsoleSession) -> None:
    await everyone_joins(console, "alice", "bob")
    await console.say("@hana: /buddy round")
    reply = await say(console, "@alice: /profile forget")
    await console.say(f'@alice presses "Forget me" on {reply.id}')
    status = await ok(console, "@bob: /buddy status")
    assert "@alice" not in status
    assert "1 member joined" in await ok(console, "@hana: /buddy stats")


async def test_a_scheduled_round_without_enough_members_tells_the_hosts(
    console: ConsoleSession,
) -> None:
    await everyone_joins(console, "alice")
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup channel hosts #hosts",
        "@hana: /buddy schedule tue 09:00",
    )
    records = await console.say("time 2026-01-06 09:00")
    (told,) = [r for r in records if r.kind == "post" and r.to == "#hosts"]
    assert "at least two members" in (told.text or "")
    assert groups(records) == []


async def test_a_round_shows_each_members_intro_to_their_buddies(console: ConsoleSession) -> None:
    await everyone_joins(console, "alice", "bob")
    await say_all(
        console,
        "@alice: /intro I'm Alice, learning statistics to change careers.",
        "@bob: /intro Bob: backend developer picking up machine learning.",
    )
    (group,) = groups(await console.say("@hana: /buddy round"))
    intros = " ".join(value for _, value in group.fields)
    assert "learning statistics to change careers" in intros
    assert "backend developer picking up machine learning" in intros
