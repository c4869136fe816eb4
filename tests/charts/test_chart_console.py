"""The chart in the console: `/stats` answers privately with it, the digest posts it under its
text, a cohort's home gets the cohort's chart, and a platform that sends no files gets text."""

from __future__ import annotations

import pytest

from adapters.console import platform as console_platform
from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.platform import Capability
from tests.commands.support import ok
from tests.console.test_session import say_all
from tests.participation.cohort_support import two_cohorts
from tests.participation.test_stats_console import community_with_traffic


def files(records: list[Record]) -> list[Record]:
    return [record for record in records if record.kind == "file"]


async def test_stats_answers_privately_then_sends_the_chart(console: ConsoleSession) -> None:
    await community_with_traffic(console)
    await console.say("time +2d")
    records = await console.say("@hana: /stats")
    assert [r.kind for r in records if r.kind != "command"] == ["ephemeral", "file"]
    (chart,) = files(records)
    assert chart.to == "@hana"
    assert chart.extra["name"] == "participation.png"
    assert int(str(chart.extra["size"])) > 10_000
    text = chart.text or ""
    assert text.startswith("📈 The chart in words:")
    assert "the latest (01-05): 4 active members" in text
    assert "(30 days, 4 posters)" in text
    assert "(2 topics): the most, 1 reply, to “First prompt”" in text


async def test_the_digest_posts_its_chart_under_its_text(console: ConsoleSession) -> None:
    await community_with_traffic(console)
    await console.say("@hana: /stats digest mon 09:00")
    records = await console.say("time 2026-01-12 10:00")
    to_hosts = [r for r in records if r.to == "#hosts"]
    assert [r.kind for r in to_hosts] == ["post", "file"]
    assert (to_hosts[0].text or "").startswith("📊 Weekly participation digest")
    assert to_hosts[1].extra["name"] == "participation.png"
    assert "(30 days, 4 posters)" in (to_hosts[1].text or "")


async def test_a_cohorts_home_gets_the_cohorts_chart(console: ConsoleSession) -> None:
    await two_cohorts(console)
    await say_all(console, "@alice: hello", "@erin: hi", "@erin: again")
    (fall,) = files(await console.say("@hana in #fall: /stats"))
    assert "1 active member (at most 1 in a week), 1 post" in (fall.text or "")
    (everyone,) = files(await console.say("@hana: /stats"))
    assert "2 active members (at most 2 in a week), 3 posts" in (everyone.text or "")


async def test_without_files_the_text_stands_alone(
    console: ConsoleSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    without = console_platform._CAPABILITIES - {Capability.FILES, Capability.PRIVATE_FILES}
    monkeypatch.setattr(console_platform, "_CAPABILITIES", without)
    await community_with_traffic(console)
    await console.say("@hana: /stats digest mon 09:00")
    records = await console.say("@hana: /stats")
    assert files(records) == []
    assert "Community health" in await ok(console, "@hana: /stats")
    digest = await console.say("time 2026-01-12 10:00")
    assert [r.kind for r in digest if r.to == "#hosts"] == ["post"]
