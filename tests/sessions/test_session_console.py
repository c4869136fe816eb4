"""`/session` in the console, end to end: cards, answers, reminders once, the calendar file,
"Did you make it?", attendance, cancelling and moving, and refusals that change nothing."""

from __future__ import annotations

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from tests.commands.support import ok, refused, snapshot

# The console's clock starts on Monday 2026-01-05 08:00 UTC.
CREATE = '@hana: /session create "Office hour" 2026-01-07 18:00 90m every 1 week'


async def _host_and_members(console: ConsoleSession) -> None:
    for line in ("@hana joins", "@hana is host", "@bob joins", "@cai joins", "@dan joins"):
        await console.say(line)


async def _created(console: ConsoleSession, line: str) -> str:
    """Create a session: a card in the channel and a private answer; return the answer."""
    records = await console.say(line)
    assert [r.kind for r in records if r.kind in ("post", "ephemeral")] == ["post", "ephemeral"]
    return records[-1].text or ""


def _dms(records: list[Record], to: str | None = None) -> list[str]:
    """Return the session DMs (the intro reminders of newcomers aside), to one member if given."""
    return [
        r.text or ""
        for r in records
        if r.kind == "dm" and to in (None, r.to) and "/intro" not in (r.text or "")
    ]


async def test_a_weekly_session_posts_a_card_counts_answers_and_reminds_once(
    console: ConsoleSession,
) -> None:
    await _host_and_members(console)
    assert await _created(console, CREATE) == "Session 1 is posted. Members answer on its card."
    await console.say('@bob presses "Going"')
    await console.say('@cai presses "Maybe"')
    await console.say('@dan presses "Can\'t go"')
    later = await console.say("time 2026-01-06 18:05")
    edits = [r for r in later if r.kind == "edit"]
    assert edits
    assert "Going: 1 · Maybe: 1 · Can't go: 1" in (edits[-1].text or "")
    assert _dms(later, "@bob") == [
        "Reminder: Office hour is tomorrow, 2026-01-07 18:00 (UTC), for 1h30m."
    ]
    assert len(_dms(later, "@cai")) == 1
    assert _dms(later, "@dan") == []
    soon = await console.say("time 2026-01-07 17:50")
    assert len(_dms(soon, "@bob")) == 1
    assert len(_dms(soon, "@cai")) == 1
    after = await console.say("time 2026-01-07 20:00")
    assert _dms(after, "@bob") == ["Did you make it to Office hour?"]
    assert _dms(after, "@cai") == []  # only Going is asked
    assert any(r.kind == "post" and "(session 2)" in (r.text or "") for r in after)
    await console.say('@bob presses "Yes"')
    shown = await ok(console, "@hana: /session attendance 1")
    assert "Going: @bob (made it)" in shown
    assert "Turnout: 1 of 1 who said Going said they made it." in shown
    again = await console.say("time 2026-01-08 12:00")
    assert _dms(again) == []


async def test_add_to_calendar_sends_an_ics_file_privately(console: ConsoleSession) -> None:
    await _host_and_members(console)
    await _created(console, CREATE)
    records = await console.say('@bob presses "Add to calendar"')
    files = [r for r in records if r.kind == "file"]
    assert len(files) == 1
    assert files[0].to == "@bob"
    assert files[0].extra["name"] == "session-1.ics"
    assert files[0].extra["size"] > 100


async def test_reminders_off_means_no_reminders(console: ConsoleSession) -> None:
    await _host_and_members(console)
    await _created(console, CREATE)
    await console.say('@bob presses "Going"')
    assert "off" in await ok(console, "@bob: /session reminders off")
    records = await console.say("time 2026-01-07 17:50")
    assert _dms(records, "@bob") == []


async def test_cancel_tells_going_and_maybe_and_edits_the_card(console: ConsoleSession) -> None:
    await _host_and_members(console)
    await _created(console, '@hana: /session create "Study group" 2026-01-09 10:00')
    await console.say('@bob presses "Going"')
    await console.say('@dan presses "Can\'t go"')
    records = await console.say("@hana: /session cancel 1")
    assert _dms(records, "@bob") == ["Study group on 2026-01-09 10:00 (UTC), for 1h is cancelled."]
    assert _dms(records, "@dan") == []
    assert any(r.kind == "edit" and "is cancelled" in (r.text or "") for r in records)
    later = await console.say("time 2026-01-09 09:50")
    assert _dms(later) == []


async def test_move_tells_and_the_reminders_follow(console: ConsoleSession) -> None:
    await _host_and_members(console)
    await _created(console, '@hana: /session create "Study group" 2026-01-09 10:00')
    await console.say('@bob presses "Going"')
    records = await console.say("@hana: /session move 1 2026-01-10 12:00")
    assert _dms(records, "@bob") == [
        "Study group has moved: it is now 2026-01-10 12:00 (UTC), for 1h."
    ]
    assert not _dms(await console.say("time 2026-01-09 09:50"), "@bob")
    reminded = _dms(await console.say("time 2026-01-10 11:50"), "@bob")
    assert [text.split(" ")[0] for text in reminded] == ["Reminder:", "Study"]  # each once


async def test_bad_input_is_refused_privately_and_changes_nothing(
    console: ConsoleSession,
) -> None:
    await _host_and_members(console)
    await _created(console, '@hana: /session create "Kept" 2026-01-09 10:00')
    before = await snapshot(console.app)
    assert "not a date on the calendar" in await refused(
        console, '@hana: /session create "x" 2026-02-31 18:00'
    )
    assert "already passed" in await refused(console, '@hana: /session create "x" 2026-01-01 18:00')
    assert "at most 100 characters" in await refused(
        console, f'@hana: /session create "{"x" * 101}" 2026-01-09 18:00'
    )
    assert "There is no session 9" in await refused(console, "@hana: /session cancel 9")
    assert "host level" in await refused(console, "@bob: /session cancel 1")
    assert "optional length" in await refused(
        console, '@hana: /session create "x" 2026-01-09 18:00 every other week'
    )
    assert "does not repeat" in await refused(console, "@hana: /session cancel 1 all")
    assert await snapshot(console.app) == before


async def test_a_time_the_clocks_skip_is_explained(console: ConsoleSession) -> None:
    await _host_and_members(console)
    await console.say("@hana is admin")
    await ok(console, "@hana: /setup timezone Europe/Berlin")
    text = await refused(console, '@hana: /session create "x" 2026-03-29 02:30')
    assert "clocks skip that hour" in text


async def test_a_break_pauses_a_weekly_session(console: ConsoleSession) -> None:
    await _host_and_members(console)
    await console.say("@hana is admin")
    await ok(console, "@hana: /setup break 2026-01-12 2026-01-18")
    await _created(console, CREATE)
    records = await console.say("time 2026-01-07 18:01")
    posts = [r.text or "" for r in records if r.kind == "post"]
    assert len(posts) == 1
    assert "2026-01-21 18:00" in posts[0]  # the 14th is in the break


async def test_stats_show_the_turnout_of_the_community_and_of_a_cohort(
    console: ConsoleSession,
) -> None:
    await _host_and_members(console)
    await ok(console, "@hana: /cohort create spring #spring")
    await ok(console, "@hana: /cohort add spring @cai")
    everyone = await console.say('@hana: /session create "Office hour" 2026-01-07 18:00')
    spring = await console.say('@hana in #spring: /session create "Spring lab" 2026-01-07 18:00')
    (everyone_card,) = [r.id for r in everyone if r.kind == "post"]
    (spring_card,) = [r.id for r in spring if r.kind == "post"]
    await console.say(f'@bob presses "Going" on {everyone_card}')
    await console.say(f'@dan presses "Going" on {everyone_card}')
    await console.say(f'@cai presses "Going" on {spring_card}')
    before = await ok(console, "@hana: /stats")
    assert "• Session turnout (30 days): nobody answered Going to a session" in before  # not yet
    await console.say("time 2026-01-07 19:20")  # "Did you make it?" went to the three
    await console.say('@bob presses "Yes"')
    await console.say('@cai presses "Yes"')
    await console.say('@dan presses "No"')
    after = await ok(console, "@hana: /stats")
    assert "• Session turnout (30 days): 2 of 3 who answered Going said they made it" in after
    cohort = await ok(console, "@hana in #spring: /stats")
    assert "• Session turnout (30 days): 1 of 1 who answered Going said they made it" in cohort


async def test_a_burst_of_presses_edits_the_card_once_now_and_once_after_the_gap(
    console: ConsoleSession,
) -> None:
    await _host_and_members(console)
    await _created(console, CREATE)
    first = await console.say('@bob presses "Going"')
    assert [r.text for r in first if r.kind == "ephemeral"] == ["You answered Going."]
    assert len([r for r in first if r.kind == "edit"]) == 1  # the first press: at once
    burst = [*await console.say('@cai presses "Going"'), *await console.say('@dan presses "Maybe"')]
    assert [r.text for r in burst if r.kind == "ephemeral"] == [
        "You answered Going.",
        "You answered Maybe.",
    ]
    assert [r for r in burst if r.kind == "edit"] == []  # within the gap: answered, not edited
    later = [r for r in await console.say("time +1m") if r.kind == "edit"]
    assert len(later) == 1
    assert "Going: 2 · Maybe: 1 · Can't go: 0" in (later[0].text or "")
