"""/peers in the console, end to end: only among the findable, within three hours, at most ten,
"Say hello" once a pair in 30 days (given back when the platform refuses), and forgetting."""

from __future__ import annotations

import pytest

from adapters.console.session import ConsoleSession
from bot.errors import PlatformError
from bot.storage.models import FindableMember, PeerGreeting
from tests.commands.support import answers, community_id, ok, press, refused, snapshot
from tests.storage.support import count_rows


async def findable(console: ConsoleSession, name: str, zone: str, interests: str) -> None:
    for line in (
        f"@{name} joins",
        f"@{name}: /profile timezone {zone}",
        f"@{name}: /profile interests {interests}",
        f"@{name}: /profile findable on",
    ):
        await console.say(line)


async def test_a_member_who_is_not_findable_is_told_how_and_shown_nobody(
    console: ConsoleSession,
) -> None:
    await findable(console, "alice", "Europe/Berlin", "python")
    await console.say("@bob: /profile interests python")
    before = await snapshot(console.app)
    answer = await refused(console, "@bob: /peers")
    assert answer.startswith("You are not findable yet, so /peers shows nobody")
    assert "/profile findable on" in answer
    assert await snapshot(console.app) == before


async def test_at_most_ten_nearby_peers_most_shared_interests_first(
    console: ConsoleSession,
) -> None:
    await findable(console, "me", "Europe/London", "python, chess")
    await findable(console, "both", "Europe/Helsinki", "Chess, Python")
    for number in range(11):
        await findable(console, f"p{number:02}", "Europe/Paris", "python")
    await findable(console, "far", "Asia/Kolkata", "python, chess")
    await findable(console, "other", "Europe/Paris", "music")
    await console.say("@hidden: /profile interests python")
    reply = answers(await console.say("@me: /peers"))[0]
    lines = (reply.text or "").splitlines()
    assert lines[1] == "• @both: Chess, Python"
    assert lines[2:-1] == [f"• @p{number:02}: python" for number in range(9)]
    assert len(reply.buttons) == 10
    only = await ok(console, "@me: /peers CHESS")
    assert only.splitlines()[1:-1] == ["• @both: Chess"]


async def test_say_hello_opens_one_conversation_a_pair_a_month(console: ConsoleSession) -> None:
    await findable(console, "alice", "Europe/Berlin", "python")
    await findable(console, "bob", "Europe/Paris", "python")
    await ok(console, "@alice: /peers")
    bob = await console.app.services.members.find_id(await community_id(console.app), "bob")
    forged = await press(console, "bob", f"peers:hello:alice:{bob}")  # alice's, pressed by bob
    assert forged.error
    assert forged.text == "Only the member who looked for peers can press this."
    garbled = await press(console, "alice", "peers:hello:alice:nobody")
    assert garbled.error
    assert "no longer findable" in (garbled.text or "")
    first = answers(await console.say('@alice presses "👋 bob"'))
    assert [(r.kind, r.to) for r in first] == [
        ("group", ["@alice", "@bob"]),
        ("ephemeral", "@alice"),
    ]
    assert "@alice found @bob through /peers" in (first[0].text or "")
    await ok(console, "@bob: /peers")
    again = await refused(console, '@bob presses "👋 alice"')
    assert "said hello in the last 30 days" in again
    await console.say("time +31d")
    await ok(console, "@bob: /peers")
    later = answers(await console.say('@bob presses "👋 alice"'))
    assert [r.kind for r in later] == ["group", "ephemeral"]


async def test_a_conversation_the_platform_refuses_gives_the_claim_back(
    console: ConsoleSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    await findable(console, "alice", "Europe/Berlin", "python")
    await findable(console, "bob", "Europe/Paris", "python")
    await ok(console, "@alice: /peers")
    real = console.platform.group_message

    async def refuse(*_args: object, **_kwargs: object) -> None:
        raise PlatformError("no group conversations today")

    monkeypatch.setattr(console.platform, "group_message", refuse)
    answer = await refused(console, '@alice presses "👋 bob"')
    assert "could not open a conversation with bob (no group conversations today)" in answer
    assert await count_rows(console.app.database, PeerGreeting.__table__) == 0
    monkeypatch.setattr(console.platform, "group_message", real)
    retried = answers(await console.say('@alice presses "👋 bob"'))
    assert [r.kind for r in retried] == ["group", "ephemeral"]


async def test_hiding_or_forgetting_takes_a_member_out_of_the_results(
    console: ConsoleSession,
) -> None:
    await findable(console, "alice", "Europe/Berlin", "python")
    await findable(console, "bob", "Europe/Paris", "python")
    await findable(console, "cai", "Europe/Rome", "python")
    await ok(console, "@alice: /peers")
    await ok(console, "@bob: /profile findable off")
    assert "no longer findable" in await refused(console, '@alice presses "👋 bob"')
    assert "Findable by /peers: no" in await ok(console, "@bob: /profile")
    await console.say("@cai: /profile forget")
    await ok(console, '@cai presses "Forget me"')
    assert (await ok(console, "@alice: /peers")).startswith("Nobody findable")
    assert await count_rows(console.app.database, FindableMember.__table__) == 1
