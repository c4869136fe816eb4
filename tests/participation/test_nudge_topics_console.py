"""A nudge points each quiet member to a topic thread they can take part in: their own cohort's
newest or the whole community's, never another cohort's."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from tests.commands.support import ok
from tests.participation.cohort_support import two_cohorts


async def _post(console: ConsoleSession, where: str, text: str) -> None:
    await ok(console, f"@hana in {where}: /topic add {text}")
    await console.say(f"@hana in {where}: /topic post {where}")


async def test_each_quiet_member_is_pointed_to_a_thread_of_their_own(
    console: ConsoleSession,
) -> None:
    await two_cohorts(console)  # fall: alice, bob, carl; spring: carl, dina; erin in neither
    await _post(console, "#general", "The community's prompt")
    await console.say("time +1h")
    await _post(console, "#fall", "Fall's prompt")
    await console.say("time +1h")
    await _post(console, "#spring", "Spring's prompt")

    records = await console.say("time +15d")

    nudged = {
        r.to: (r.text or "")
        for r in records
        if r.kind == "dm" and "lurking is also learning" in (r.text or "")
    }
    assert set(nudged) >= {"@alice", "@bob", "@carl", "@dina", "@erin"}
    assert "in #fall: Fall's prompt" in nudged["@alice"]
    assert "in #fall: Fall's prompt" in nudged["@bob"]
    assert "in #spring: Spring's prompt" in nudged["@carl"]  # in both: the newer
    assert "in #spring: Spring's prompt" in nudged["@dina"]
    assert "in #general: The community's prompt" in nudged["@erin"]  # in no cohort
