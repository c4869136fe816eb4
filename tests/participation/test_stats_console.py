"""`/stats` and the weekly digest on known inputs, in the console on the virtual clock."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from tests.commands.support import ok
from tests.console.test_session import say_all


def post_ids(records: list[Record], channel: str) -> list[str]:
    return [r.id or "" for r in records if r.kind == "post" and r.to == channel]


async def community_with_traffic(console: ConsoleSession) -> None:
    """Two topics; replies to each; one question answered, one not."""
    records = await say_all(
        console,
        "@hana is admin",
        "@hana: /setup channel hosts #hosts",
        "@alice joins",
        "@bob joins",
        "@carl joins",
        "@dina joins",
        "@hana: /topic add First prompt",
        "@hana: /topic add Second prompt",
        "@hana: /topic post #topics",
        "time +1h",
        "@hana: /topic post #topics",
    )
    first, second = post_ids(records, "#topics")
    records = await say_all(
        console,
        f"@alice in thread {first}: my answer",
        f"@bob in thread {second}: mine",
        "@carl: Does anyone know a good linear algebra book?",
        "@dina: What is a monad?",
    )
    (dina_question,) = [r.id for r in records if r.author == "@dina"]
    await say_all(console, f"@alice in thread {dina_question}: a burrito")


async def test_stats_on_known_inputs(console: ConsoleSession) -> None:
    await community_with_traffic(console)
    await console.say("@bob: /intro Hi, I'm Bob and I'm learning statistics.")
    await console.say("time +2d")
    text = await ok(console, "@hana: /stats")
    assert "Active members: 4 in 7 days, 4 in 30 days (of 5)" in text
    assert "Never posted: 1" in text  # hana only ran commands
    assert "New members without an intro: 3" in text  # alice, carl, dina
    assert "Time to first post: median 60 minutes (4 members)" in text
    assert "(30 days, 4 posters, 5 messages): top 10 % wrote 40%, Gini 0.15" in text
    assert "⚠" not in text
    assert "Unanswered posts (questions with no reply within 24 hours, 30 days): 1 of 2" in text
    assert "“Second prompt”: 1 reply from 1 member" in text
    assert "“First prompt”: 1 reply from 1 member" in text
    assert "Active but not in the last two topic threads: @carl, @dina" in text
    assert "Pairing meeting rate: no pairing rounds yet" in text
    assert "Quiet-member nudges (30 days): 0 sent" in text


async def test_stats_are_for_hosts_only(console: ConsoleSession) -> None:
    answer = await say_all(console, "@alice joins", "@alice: /stats")
    assert answer[-1].error


async def test_the_weekly_digest_goes_to_the_hosts_channel_and_pauses_in_breaks(
    console: ConsoleSession,
) -> None:
    await community_with_traffic(console)
    answer = await console.say("@hana: /stats digest mon 09:00")
    assert "posted in #hosts every Monday at 09:00, next 2026-01-12 09:00" in (
        answer[-1].text or ""
    )
    await console.say("@hana: /setup break 2026-01-19 2026-01-19")
    records = await console.say("time 2026-01-26 10:00")
    digests = [r for r in records if r.kind == "post" and r.to == "#hosts"]
    assert [d.at for d in digests] == [
        datetime(2026, 1, 12, 9, 0, tzinfo=UTC),
        datetime(2026, 1, 26, 9, 0, tzinfo=UTC),
    ]
    assert (digests[0].text or "").startswith("📊 Weekly participation digest")
    assert "Unanswered posts" in (digests[0].text or "")
    stopped = await console.say("@hana: /stats undigest")
    assert "stopped" in (stopped[-1].text or "")
    assert [r for r in await console.say("time +7d") if r.to == "#hosts"] == []


async def test_the_digest_needs_a_hosts_channel(console: ConsoleSession) -> None:
    answer = await say_all(console, "@hana is admin", "@hana: /stats digest mon 09:00")
    assert answer[-1].error
    assert "hosts channel" in (answer[-1].text or "")
