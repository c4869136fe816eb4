"""`/mod` and `/warnings` in the console: cases, the mod log, notices, hierarchy, refusals."""

from __future__ import annotations

from datetime import timedelta

from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.events import CommandInvoked
from bot.levels import Level
from bot.moderation.reasons import render
from tests.commands.support import (
    actor,
    final_answer,
    interaction,
    ok,
    press,
    refused,
    snapshot,
)
from tests.moderation.support import RefusingPlatform, cases, of_kind, set_up


async def test_a_warning_is_a_case_in_the_log_and_a_notice_citing_the_guideline(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    records = await console.say("@mia: /mod warn @carl 2: please keep to the course")
    [entry] = of_kind(records, "post", "#modlog")
    assert entry.text == "Case 1: warned @carl"
    assert ("Moderator", "@mia") in entry.fields
    assert ("Guideline", "2. Stay on topic") in entry.fields
    [notice] = of_kind(records, "dm", "@carl")
    assert notice.buttons == ("I understand",)
    assert ("Guideline", "2. Stay on topic") in notice.fields
    # The reason is the notice's first sentence, without its citation (issue 15, item 5).
    assert (notice.text or "").startswith("A moderator has warned you: please keep to the course.")
    assert ("Counts until", "2026-04-05 08:00 UTC") in notice.fields
    [reply] = of_kind(records, "ephemeral", "@mia")
    assert reply.text == "Warned @carl (case 1)."
    [case] = await cases(console.app)
    assert (case["kind"], case["reason"], case["guideline"]) == (
        "warn",
        "2: please keep to the course",
        "2. Stay on topic",
    )
    assert case["expires_at"] == console.clock.now() + timedelta(days=90)


async def test_i_understand_records_the_acknowledgement_and_closes_the_notice(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    await console.say("@mia: /mod warn @carl be kind")
    records = await console.say('@carl presses "I understand"')
    [edit] = of_kind(records, "edit")
    assert edit.text == "You acknowledged case 1 on 2026-01-05 08:00 UTC."
    assert edit.buttons == ()
    [reply] = of_kind(records, "ephemeral")
    assert reply.text == "Thank you: your acknowledgement is recorded."
    [case] = await cases(console.app)
    assert case["acknowledged_at"] == console.clock.now()


async def test_another_member_pressing_i_understand_is_refused(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@mia: /mod warn @carl be kind")
    reply = await press(console, "dan", "mod:ack:1")
    assert (reply.error, reply.text) == (True, "This notice is not addressed to you.")
    assert (await cases(console.app))[0]["acknowledged_at"] is None


async def test_timeout_untimeout_kick_ban_unban_reach_the_platform_and_are_cases(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    lines = {
        "@mia: /mod timeout @carl 2h spamming": ("timeout", "@carl", "2h"),
        "@mia: /mod untimeout @carl": ("untimeout", "@carl", None),
        "@mia: /mod kick @carl rude": ("kick", "@carl", None),
        "@mia: /mod ban @carl repeated abuse": ("ban", "@carl", None),
        "@mia: /mod unban @carl": ("unban", "@carl", None),
    }
    for line, expected in lines.items():
        records = await console.say(line)
        [action] = [r for r in records if r.kind == expected[0]]
        assert (action.kind, action.target, action.duration) == expected
        assert of_kind(records, "post", "#modlog")
    rows = await cases(console.app)
    assert [row["kind"] for row in rows] == ["timeout", "untimeout", "kick", "ban", "unban"]
    assert rows[0]["duration_seconds"] == 7200
    assert rows[0]["expires_at"] == console.clock.now() + timedelta(hours=2)
    notices = [r for r in console.world.messages.values() if r.channel_id == "dm:carl"]
    assert len(notices) == 3  # timeout, kick, ban: each says why, with "I understand"
    assert all(n.buttons[0].label == "I understand" for n in notices)
    assert [n.text.split(" Case")[0] for n in notices] == [
        "You have been timed out for 2h: you cannot post until it ends.",
        "You have been removed from the community.",
        "You have been banned from the community.",
    ]


async def test_a_timeout_longer_than_28_days_is_refused_and_changes_nothing(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    before = await snapshot(console.app)
    assert await refused(console, "@mia: /mod timeout @carl 29d") == (
        "Timeouts last at most 28 days (28d). Nothing was done."
    )
    assert await snapshot(console.app) == before


async def test_moderators_cannot_act_on_themselves_or_an_equal_or_higher_level(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    await console.say("@harriet: hello")
    await console.say("@hana: /setup role host @harriet")
    before = await snapshot(console.app)
    assert await refused(console, "@mia: /mod warn @mia test") == (
        "You cannot moderate yourself. Nothing was done."
    )
    assert await refused(console, "@mia: /mod kick @max") == (
        "@max is a moderator, and you are a moderator: moderators can act only on members "
        "below their own level. Nothing was done."
    )
    assert "@hana is an admin" in await refused(console, "@mia: /mod ban @hana")
    assert await snapshot(console.app) == before
    warned = final_answer(await console.say("@mia: /mod warn @harriet be kind"))
    assert warned.text == "Warned @harriet (case 1)."
    warned = final_answer(await console.say("@hana: /mod warn @mia be kind"))
    assert warned.text == "Warned @mia (case 2)."


async def test_members_and_hosts_cannot_use_mod_commands(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@hana: /setup role host @harriet")
    text = await refused(console, "@harriet: /mod warn @carl hi")
    assert "moderator level" in text
    assert "moderator level" in await refused(console, "@carl: /mod cases")


async def test_a_platform_refusal_or_missing_capability_records_no_case(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    platform = RefusingPlatform(console.world, lambda _record: None)
    before = await snapshot(console.app)
    for text, expected in (
        ("mod ban @carl spam", "I cannot ban @carl: their role is above mine."),
        (
            "mod timeout @carl 1h",
            "Console does not support timeouts for bots. Nothing was done. /mod kick still "
            "works here, and /mod warn records a warning.",
        ),
    ):
        records: list[Record] = []
        platform = RefusingPlatform(console.world, records.append)
        event = CommandInvoked(
            community=COMMUNITY,
            at=console.clock.now(),
            actor=actor("mia", Level.MODERATOR),
            interaction=interaction("mia"),
            text=text,
        )
        await console.app.dispatcher.dispatch(event, platform)
        [reply] = of_kind(records, "ephemeral", "@mia")
        assert (reply.error, reply.text) == (True, expected)
        # A ban's notice goes out first (a banned member cannot be written to): it is withdrawn.
        notices = [r.id for r in of_kind(records, "dm", "@carl")]
        assert [r.target for r in of_kind(records, "delete")] == notices
    assert await snapshot(console.app) == before


async def test_three_active_warnings_time_the_member_out_automatically(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    await console.say("@mia: /mod warn @carl one")
    await console.say("@mia: /mod warn @carl two")
    records = await console.say("@mia: /mod warn @carl three")
    [timeout] = of_kind(records, "timeout")
    assert (timeout.target, timeout.duration) == ("@carl", "1d")
    assert [r.text for r in of_kind(records, "post", "#modlog")] == [
        "Case 3: warned @carl",
        "Case 4: timed out @carl",
    ]
    [reply] = of_kind(records, "ephemeral", "@mia")
    assert reply.text == (
        "Warned @carl (case 3). That was an active warning too many: they were timed out for "
        "1d automatically (case 4)."
    )
    escalation = (await cases(console.app))[-1]
    assert (escalation["kind"], escalation["moderator_id"], render(escalation["reason"])) == (
        "timeout",
        None,
        "Escalation: 3 active warnings",
    )


async def test_expired_warnings_do_not_count_towards_escalation(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@mia: /mod warn @carl one")
    await console.say("@mia: /mod warn @carl two")
    await console.say("time +90d")
    records = await console.say("@mia: /mod warn @carl three")
    assert of_kind(records, "timeout") == []
    assert [row["kind"] for row in await cases(console.app)] == ["warn", "warn", "warn"]
    text = await ok(console, "@carl: /warnings")
    assert text.splitlines()[0] == (
        "Your moderation record (1 active warning; warnings count for 90 days):"
    )
    assert "warned (expired): one" in text
    assert "warned (counts until 2026-07-04): three" in text


async def test_escalation_the_platform_cannot_do_is_explained_without_a_case(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    records: list[Record] = []
    platform = RefusingPlatform(console.world, records.append)
    for number in range(3):
        event = CommandInvoked(
            community=COMMUNITY,
            at=console.clock.now(),
            actor=actor("mia", Level.MODERATOR),
            interaction=interaction("mia"),
            text=f"mod warn @carl warning {number}",
        )
        await console.app.dispatcher.dispatch(event, platform)
    reply = of_kind(records, "ephemeral", "@mia")[-1]
    assert "3 active warnings call for a 1d timeout, which did not happen" in (reply.text or "")
    assert [row["kind"] for row in await cases(console.app)] == ["warn", "warn", "warn"]


async def test_purge_deletes_recent_messages_here_and_is_a_case(console: ConsoleSession) -> None:
    await set_up(console)
    for line in ("@carl: spam 1", "@bob: fine", "@carl: spam 2", "@carl: spam 3"):
        await console.say(line)
    by_carl = [m.id for m in console.world.messages.values() if m.author == "carl"]
    records = await console.say("@mia: /mod purge 5 @carl")
    assert [r.target for r in of_kind(records, "delete")] == list(reversed(by_carl))
    assert of_kind(records, "ephemeral", "@mia")[0].text == "Deleted 4 messages (case 1)."
    [case] = await cases(console.app)
    assert (case["kind"], render(case["reason"])) == ("purge", "4 messages deleted in #general")
    assert await refused(console, "@mia: /mod purge 0") == "Purge 1 to 100 messages at a time."


async def test_cases_case_and_notes_read_the_log(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@mia: /mod warn @carl be kind")
    records = await console.say("@mia: /mod note @carl seems to be having a rough week")
    assert of_kind(records, "dm") == []  # notes are for moderators only
    await console.say("@mia: /mod warn @bob off topic")
    listing = await ok(console, "@max: /mod cases @carl")
    assert listing.splitlines()[1:] == [
        "2. 2026-01-05 note @carl: seems to be having a rough week",
        "1. 2026-01-05 warned @carl (counts until 2026-04-05): be kind",
        "Details: /mod case <id>",
    ]
    assert len((await ok(console, "@max: /mod cases")).splitlines()) == 5
    detail = await ok(console, "@max: /mod case 1")
    assert detail.splitlines()[:3] == [
        "Case 1: warned @carl",
        "By: @mia",
        "When: 2026-01-05 08:00 UTC",
    ]
    assert "Acknowledged: not yet" in detail
    assert await refused(console, "@max: /mod case 99") == "There is no case 99 in this community."
    own = await ok(console, "@carl: /warnings")
    assert "rough week" not in own


async def test_warnings_with_a_clean_record(console: ConsoleSession) -> None:
    assert await ok(console, "@carl: /warnings") == (
        "You have no warnings or other moderation actions on record."
    )


async def test_profile_forget_keeps_an_anonymous_record(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@carl: you are all idiots")
    await console.say("@bob reports last from @carl: rude")
    await console.say('@mia presses "Warn"')
    await console.say("@mia: /mod note @carl private note")
    await console.say("@carl: /profile forget")
    await console.say('@carl presses "Forget me"')
    rows = await cases(console.app)
    assert [(r["kind"], r["member_id"], r["excerpt"]) for r in rows] == [("warn", None, None)]
    listing = final_answer(await console.say("@mia: /mod cases"))
    assert "1. 2026-01-05 warned (a forgotten member)" in (listing.text or "")


async def test_unban_works_for_someone_cohort_never_saw(console: ConsoleSession) -> None:
    await set_up(console)
    console.world.member("stranger").banned = True  # banned before Cohort arrived
    records = await console.say("@mia: /mod unban @stranger")
    assert [(r.kind, r.target) for r in of_kind(records, "unban")] == [("unban", "@stranger")]
    assert (await cases(console.app))[0]["kind"] == "unban"
    text = await refused(console, "@mia: /mod warn @nobody hi")
    assert text.startswith("I don't know @nobody here")


async def test_a_forgotten_moderator_is_not_mistaken_for_the_bot(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@mia: /mod warn @carl one")
    await console.say("@mia: /mod warn @carl two")
    await console.say("@mia: /mod warn @carl three")  # case 4 is the bot's timeout
    await console.say("@mia: /profile forget")
    await console.say('@mia presses "Forget me"')
    assert "By: (a forgotten moderator)" in await ok(console, "@max: /mod case 1")
    assert "By: Cohort (automatic)" in await ok(console, "@max: /mod case 4")
