"""The weekly digest's announcements section: the last seven days' announcements of its scope
(the community's, or a cohort's), each with how many members pressed Got it."""

from __future__ import annotations

import re

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from tests.moderation.support import of_kind

LONG = (
    "Week two plans: we read chapter three together, pair up for the exercises and meet on Thursday"
)


async def say_all(console: ConsoleSession, *lines: str) -> list[Record]:
    """Say each line; return every record."""
    records: list[Record] = []
    for line in lines:
        records += await console.say(line)
    return records


async def press_got_it(console: ConsoleSession, records: list[Record], *names: str) -> None:
    """Let each member press Got it on the announcement just posted."""
    [post] = [r for r in records if r.kind == "post" and r.buttons == ("Got it",)]
    for name in names:
        await console.say(f'@{name} presses "Got it" on {post.id}')


def announcement_lines(digest: Record) -> list[str]:
    """Return the digest's announcements section: its heading and the announcements under it
    ("• <id>: ..."; other features' lines may follow)."""
    lines = (digest.text or "").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("📣"))
    rest = lines[start + 1 :]
    end = next((i for i, line in enumerate(rest) if not re.match(r"• \d+: ", line)), len(rest))
    return [lines[start], *rest[:end]]


async def test_the_digest_lists_last_weeks_announcements_with_their_presses(
    console: ConsoleSession,
) -> None:
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup channel hosts #hosts",
        "@hana: /setup channel announcements #news",
        "@alice joins",
        "@bob joins",
        "@hana: /cohort create fall #fall",
        "@hana: /cohort add fall @alice",
    )
    # Monday 08:00, before the first digest's week starts (Monday 09:00): never listed.
    await press_got_it(console, await console.say("@hana: /announce Old news"), "alice")
    await console.say("time 2026-01-06 10:00")
    await console.say("@hana: /stats digest mon 09:00")
    await console.say("@hana in #fall: /stats digest mon 09:00")
    await press_got_it(console, await console.say(f"@hana: /announce {LONG}"), "alice", "bob")
    await console.say("time 2026-01-08 10:00")
    await console.say("@hana: /announce Quiz on Friday")
    await press_got_it(console, await console.say("@hana in #fall: /announce Fall only"), "alice")

    posted = of_kind(await console.say("time 2026-01-12 10:00"), "post", "#hosts")
    [community] = [d for d in posted if (d.text or "").startswith("📊")]
    [fall] = [d for d in posted if (d.text or "").startswith("fall cohort:")]
    excerpt = LONG[:79] + "…"
    assert announcement_lines(community) == [
        "📣 2 announcements this week:",
        f"• 2: 2 members pressed Got it · {excerpt}",
        "• 3: 0 members pressed Got it · Quiz on Friday",
    ]
    assert announcement_lines(fall) == [
        "📣 1 announcement this week:",
        "• 4: 1 member pressed Got it · Fall only",
    ]

    later = of_kind(await console.say("time +7d"), "post", "#hosts")
    assert [announcement_lines(d) for d in later] == [
        ["📣 Announcements this week: none."],
        ["📣 Announcements this week: none."],
    ]
