"""Buddy pairing on Discord: a round opens a private thread in the buddies channel with the
buddies added, and its check-in buttons answer through the real discord.py."""

from __future__ import annotations

from datetime import timedelta

from adapters.discord.client import CohortClient
from bot.clock import VirtualClock
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to

STRING, CHANNEL = 3, 7
PRIVATE_THREAD = 12


async def run(fake: FakeDiscord, name: str, path: str, **options: tuple[int, str]) -> str:
    values = [
        {"type": kind, "name": name, "value": value} for name, (kind, value) in options.items()
    ]
    interaction = await fake.slash_command(name, path, values)
    return str((await answer_to(fake, interaction))["data"]["content"])


async def test_a_round_opens_a_private_thread_in_the_buddies_channel_and_checks_in(
    bot: CohortClient, fake: FakeDiscord, clock: VirtualClock
) -> None:
    buddies = fake.guild.add_channel("buddies")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[buddies])
    await run(
        fake, "owner", "setup channel", purpose=(STRING, "buddies"), channel=(CHANNEL, buddies)
    )
    people = {name: await fake.member_joins(name) for name in ("alice", "bob")}
    for name in people:
        assert "You're in!" in await run(fake, name, "buddy join")
    seen = len(fake.requests)
    assert "Buddy round 1: 2 members in 1 group" in await run(fake, "owner", "buddy round")

    opened = await fake.wait_for_request("POST", rf"/channels/{buddies}/threads", after=seen)
    assert opened.json["type"] == PRIVATE_THREAD
    assert opened.json["name"] == "Alice & Bob"
    thread = str(opened.answer["id"])
    added = [r.path.rsplit("/", 1)[-1] for r in fake.requests[seen:] if "thread-members" in r.path]
    assert sorted(added) == sorted(people.values())
    welcome = await fake.wait_for_request("POST", rf"/channels/{thread}/messages", after=seen)
    assert "Meet your buddies for this round" in welcome.json["content"]
    assert "Icebreaker:" in welcome.json["content"]

    seen = len(fake.requests)
    await clock.advance_to(clock.now() + timedelta(days=4))
    checkin = await fake.wait_for_request("POST", rf"/channels/{thread}/messages", after=seen)
    buttons = checkin.json["components"][0]["components"]
    assert [button["label"] for button in buttons] == ["We met", "Not yet", "Skip"]
    pressed = await fake.press_button("alice", str(checkin.answer["id"]), buttons[0]["custom_id"])
    assert "Wonderful" in str(await answer_to(fake, pressed))
    assert "1 of 1 checked-in group met (100%)" in await run(fake, "owner", "buddy stats")
