"""A community with known participation, made through the console (real rows), and the
export's files read back as CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.events import Actor
from bot.refs import UserRef

NOTE = (
    "These are activity counts, not a grade: activity is not learning. Reading quietly, "
    "thinking and practising away from the chat count too, and none of them shows here."
)
FORMULA = '=HYPERLINK("http://evil.example","click")'
"""A member-written display name a spreadsheet would run as a formula."""
MEMBER_HEADER = [
    "display name",
    "joined (UTC)",
    "introduced (UTC)",
    "posts",
    "thread replies",
    "topics answered",
    "buddy meetings",
    "sessions attended",
    "check-ins answered",
    "status",
]
WEEK_HEADER = [
    "week start",
    "week end",
    "active members",
    "posts",
    "thread replies",
    "new members",
    "intros",
    "topics posted",
    "topic replies",
    "sessions held",
    "buddy meetings",
]


def rows_of(content: bytes) -> list[list[str]]:
    """Return a CSV file's rows (the note and the header included)."""
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def by_name(content: bytes) -> dict[str, list[str]]:
    """Return the members' file's rows by display name (as written in the file)."""
    rows = rows_of(content)
    assert rows[0] == [NOTE]
    assert rows[1] == MEMBER_HEADER
    return {row[0]: row for row in rows[2:]}


async def say_all(console: ConsoleSession, *lines: str) -> list[Record]:
    """Run console lines, failing on a line the console could not understand; return what
    the bot did."""
    done: list[Record] = []
    for line in lines:
        records = await console.say(line)
        assert not any(r.kind == "error" for r in records), (line, records)
        done += records
    return done


async def known_community(console: ConsoleSession) -> None:
    """Make the participation the export tests check, starting Monday 2026-01-05 08:00 UTC.

    ann: joined, introduced, 2 posts and 1 thread reply to the topic, met her buddy (the only
    check-in answer), attended the office hour. bob: her buddy, then forgotten. cai: reading.
    dan: opted out of check-ins. Two members with names a spreadsheet would misread.
    """
    records = await say_all(
        console,
        "@hana is admin",
        "@ann joins",
        "@bob joins",
        "@cai joins",
        "@dan joins",
        "@ann: /intro Hi, I'm Ann and I learn Rust.",
        "@hana: /topic add What are you reading?",
        "@hana: /topic post #topics",
    )
    (topic,) = [r for r in records if r.kind == "post" and r.to == "#topics"]
    await say_all(
        console,
        f"@ann in thread {topic.id}: The Rust book",
        "@ann: hello",
        "@ann: a second post",
        '@hana: /session create "Office hour" 2026-01-07 18:00',
        '@ann presses "Going"',
        "@ann: /buddy join",
        "@bob: /buddy join",
        "@hana: /buddy round",
        "time 2026-01-09 12:00",  # the session is over; the check-in came at half a week
        '@ann presses "Yes"',
        '@ann presses "We met"',
        "@cai: /nudges reading",
        "@dan: /nudges off",
        "@bob: /profile forget",
        '@bob presses "Forget me"',
    )
    members = console.app.services.members
    community_id = await console.app.services.communities.ensure(COMMUNITY)
    joined = datetime.fromisoformat("2026-01-06T10:00:00+00:00")
    for external, name in (("u-formula", FORMULA), ("u-here", "@here")):
        await members.record_joined(community_id, Actor(UserRef("console", external), name), joined)
