"""`/stats export` in the console: two `file` records to the host only, a private answer naming
them and the window, a cohort's export typed in its home, and refusals that send nothing."""

from __future__ import annotations

import pytest

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.platform import Capability
from tests.commands.support import ok, refused
from tests.exports.support import known_community

ANSWER = (
    "Sent to your direct messages: participation-members-2026-01-09.csv (6 members) and "
    "participation-weeks-2026-01-09.csv, 2025-12-11 to 2026-01-09 (UTC, 30 days)."
)


def files(records: list[Record]) -> list[Record]:
    return [r for r in records if r.kind == "file"]


async def test_a_host_gets_two_files_privately_and_a_private_answer(
    console: ConsoleSession,
) -> None:
    await known_community(console)
    records = await console.say("@hana: /stats export")
    sent = files(records)
    assert [(r.to, r.extra["name"]) for r in sent] == [
        ("@hana", "participation-members-2026-01-09.csv"),
        ("@hana", "participation-weeks-2026-01-09.csv"),
    ]
    assert all(r.extra["size"] > 300 for r in sent)
    assert sent[0].text == "Participation by member, 2025-12-11 to 2026-01-09 (UTC)."
    (answer,) = [r for r in records if r.kind not in ("command", "file")]
    assert (answer.kind, answer.to, answer.text) == ("ephemeral", "@hana", ANSWER)
    assert not [r for r in records if r.kind in ("post", "reply", "dm")]


async def test_one_day_is_said_in_the_singular(console: ConsoleSession) -> None:
    await console.say("@hana is host")
    answer = await ok(console, "@hana: /stats export 1")
    assert answer.endswith("2026-01-05 to 2026-01-05 (UTC, 1 day).")
    assert "(1 member)" in answer


async def test_in_a_cohorts_home_the_export_is_the_cohorts(console: ConsoleSession) -> None:
    await known_community(console)
    await console.say("@hana: /cohort create fall #fall")
    await console.say("@hana: /cohort add fall @ann")
    records = await console.say("@hana in #fall: /stats export 7")
    assert [r.extra["name"] for r in files(records)] == [
        "participation-fall-members-2026-01-09.csv",
        "participation-fall-weeks-2026-01-09.csv",
    ]
    assert records[-1].text == (
        "fall cohort: Sent to your direct messages: participation-fall-members-2026-01-09.csv "
        "(1 member) and participation-fall-weeks-2026-01-09.csv, 2026-01-03 to 2026-01-09 "
        "(UTC, 7 days)."
    )


async def test_a_member_is_refused_and_nothing_is_sent(console: ConsoleSession) -> None:
    await known_community(console)
    records = await console.say("@ann: /stats export")
    assert files(records) == []
    assert "host level" in (records[-1].text or "")
    assert records[-1].error


@pytest.mark.parametrize(
    ("days", "says"),
    [
        ("0", "Choose between 1 and 365 days, like /stats export 28. Nothing was sent."),
        ("-3", "Choose between 1 and 365 days, like /stats export 28. Nothing was sent."),
        ("366", "Choose between 1 and 365 days, like /stats export 28. Nothing was sent."),
        ("many", "Days must be a whole number, like 3. Usage: /stats export [days]"),
    ],
)
async def test_bad_days_are_refused_privately_and_nothing_is_sent(
    console: ConsoleSession, days: str, says: str
) -> None:
    await console.say("@hana is host")
    records = await console.say(f"@hana: /stats export {days}")
    assert files(records) == []
    assert await refused(console, f"@hana: /stats export {days}") == says


class _WithoutFiles(ConsolePlatform):
    """The console platform declaring that it cannot send files."""

    @property
    def capabilities(self) -> frozenset[Capability]:
        return super().capabilities - {Capability.FILES}


async def test_where_files_cannot_be_sent_the_host_is_told(console: ConsoleSession) -> None:
    await console.say("@hana is host")
    console.platform.__class__ = _WithoutFiles
    records = await console.say("@hana: /stats export")
    assert files(records) == []
    assert records[-1].error
    assert records[-1].text == "Console does not support sending files for bots."
