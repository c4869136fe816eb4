"""Finding peers on the real discord.py against the fake Discord: /peers and /profile findable
with native options, the results answered privately with a "👋 name" button each, and a press
opening the pair's private thread in the buddies channel (or, without one, a DM to each)."""

from __future__ import annotations

from typing import Any

from adapters.discord.app_commands import command_bodies
from adapters.discord.client import CohortClient
from bot.app import App
from bot.refs import ChannelRef, CommunityRef
from bot.shared.communities import ChannelPurpose
from tests.adapters.discord.app_commands_support import body_named
from tests.adapters.discord.fake_server import FakeDiscord, RecordedRequest
from tests.adapters.discord.test_end_to_end import EPHEMERAL
from tests.commands.registry_support import real_registry
from tests.participation.discord.test_nudges_discord import member_known

STRING = 3
PRIVATE_THREAD = 12


def test_peers_and_profile_findable_have_native_options() -> None:
    bodies = command_bodies(real_registry())
    [interest] = body_named(bodies, "peers")["options"]
    assert (interest["type"], interest["name"]) == (STRING, "interest")
    assert not interest.get("required")
    profile = body_named(bodies, "profile")["options"]
    [findable] = [option for option in profile if option["name"] == "findable"]
    [switch] = findable["options"]
    assert (switch["type"], switch["name"], switch.get("required")) == (STRING, "switch", True)
    assert [choice["value"] for choice in switch["choices"]] == ["on", "off"]


async def answered(fake: FakeDiscord, interaction_id: str) -> RecordedRequest:
    """Return the bot's answer to an interaction, with what the fake made of it."""
    return await fake.wait_for_request("POST", rf"/interactions/{interaction_id}/[^/]+/callback")


async def run(fake: FakeDiscord, name: str, path: str, **options: str) -> dict[str, Any]:
    """Run a slash command with string options; return the answer's data."""
    values = [{"type": STRING, "name": key, "value": value} for key, value in options.items()]
    interaction = await fake.slash_command(name, path, values)
    return dict((await answered(fake, interaction)).json["data"])


async def findable(app: App, fake: FakeDiscord, name: str, interests: str) -> str:
    """Add a member who likes `interests` and agreed to be found; return their id."""
    user_id = await fake.member_joins(name)
    await member_known(app, fake, user_id)
    await run(fake, name, "profile interests", interests=interests)
    answer = await run(fake, name, "profile findable", switch="on")
    assert answer["content"].startswith("You are findable")
    return user_id


async def buddies_channel(app: App, fake: FakeDiscord) -> str:
    """Add #buddies and make it the buddies channel; return its id."""
    buddies = fake.guild.add_channel("buddies")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[buddies])
    community_id = await app.services.communities.ensure(CommunityRef("discord", fake.guild.id))
    await app.services.communities.assign_channel(
        community_id, ChannelPurpose.BUDDIES, ChannelRef("discord", buddies)
    )
    return buddies


async def peers_of(fake: FakeDiscord, name: str) -> tuple[dict[str, Any], str]:
    """Run /peers as `name`; return the answer's data and the id of the answer's message."""
    answer = await answered(fake, await fake.slash_command(name, "peers"))
    return dict(answer.json["data"]), str(answer.answer["resource"]["message"]["id"])


def buttons(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [component for row in data["components"] for component in row["components"]]


async def press(fake: FakeDiscord, name: str, message_id: str, custom_id: str) -> dict[str, Any]:
    """Press a button; return the answer's data."""
    pressed = await fake.press_button(name, message_id, custom_id)
    return dict((await answered(fake, pressed)).json["data"])


async def test_peers_answers_privately_and_hello_opens_the_pairs_private_thread(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    buddies = await buddies_channel(app, fake)
    alice = await findable(app, fake, "alice", "Python, chess")
    bob = await findable(app, fake, "bob", "python")
    await findable(app, fake, "cai", "music")
    shown = await run(fake, "bob", "profile")
    assert "Findable by /peers: yes (/profile findable off hides you)." in shown["content"]

    data, message_id = await peers_of(fake, "alice")
    assert data["flags"] & EPHEMERAL
    lines = data["content"].splitlines()
    assert lines[0] == "Findable members within three hours of you who share your interests:"
    assert lines[1:-1] == [f"• <@{bob}>: python"]  # cai shares nothing
    [hello] = buttons(data)
    assert hello["label"] == "👋 Bob"

    forged = await press(fake, "bob", message_id, hello["custom_id"])
    assert forged["content"] == "Only the member who looked for peers can press this."
    seen = len(fake.requests)
    said = await press(fake, "alice", message_id, hello["custom_id"])
    assert said["flags"] & EPHEMERAL
    assert said["content"].startswith("I opened a private conversation for you and Bob")
    opened = await fake.wait_for_request("POST", rf"/channels/{buddies}/threads", after=seen)
    assert (opened.json["type"], opened.json["invitable"]) == (PRIVATE_THREAD, False)
    thread = str(opened.answer["id"])
    assert fake.guild.thread_members[thread] == {fake.guild.application_id, alice, bob}
    prompt = await fake.wait_for_request("POST", rf"/channels/{thread}/messages", after=seen)
    assert prompt.json["content"].startswith(
        f"👋 <@{alice}> found <@{bob}> through /peers and would like to say hello. "
        "You both like python."
    )
    pinged = prompt.json["allowed_mentions"]["users"]
    assert sorted(str(user) for user in pinged) == sorted([alice, bob])

    again = await press(fake, "alice", message_id, hello["custom_id"])
    assert again["content"].startswith("You and Bob said hello in the last 30 days already")
    threads = [r for r in fake.requests[seen:] if r.path == f"/channels/{buddies}/threads"]
    assert len(threads) == 1


async def test_without_a_buddies_channel_hello_is_a_dm_to_each_naming_the_other(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    alice = await findable(app, fake, "alice", "python")
    bob = await findable(app, fake, "bob", "python")
    data, message_id = await peers_of(fake, "bob")
    [hello] = buttons(data)
    seen = len(fake.requests)
    said = await press(fake, "bob", message_id, hello["custom_id"])
    assert said["content"].startswith("I opened a private conversation for you and Alice")
    opened = [r for r in fake.requests[seen:] if r.path == "/users/@me/channels"]
    assert sorted(r.json["recipient_id"] for r in opened) == sorted([alice, bob])
    channels = {str(r.answer["id"]) for r in opened}
    sent = [r for r in fake.requests[seen:] if r.method == "POST" and r.path.endswith("/messages")]
    assert {r.path.split("/")[2] for r in sent} == channels
    for message in sent:
        assert message.json["content"].startswith(f"👋 <@{bob}> found <@{alice}> through /peers")


async def test_findable_off_hides_a_member_and_profile_says_so(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    await findable(app, fake, "alice", "python")
    await findable(app, fake, "bob", "python")
    data, message_id = await peers_of(fake, "alice")
    [hello] = buttons(data)
    off = await run(fake, "bob", "profile findable", switch="off")
    assert off["content"].startswith("You are no longer findable")
    assert "Findable by /peers: no" in (await run(fake, "bob", "profile"))["content"]
    refused = await run(fake, "bob", "peers")
    assert refused["flags"] & EPHEMERAL
    assert refused["content"].startswith("You are not findable yet, so /peers shows nobody")
    seen = len(fake.requests)
    gone = await press(fake, "alice", message_id, hello["custom_id"])
    assert gone["content"] == "That member is no longer findable here. Nothing was sent."
    assert not [r for r in fake.requests[seen:] if r.path == "/users/@me/channels"]
    nobody = await run(fake, "alice", "peers", interest="python")
    assert nobody["content"].startswith("Nobody findable within three hours of you likes python")


async def test_ten_peers_at_most_come_as_two_rows_of_five_buttons(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    await findable(app, fake, "me", "python")
    for number in range(11):
        await findable(app, fake, f"p{number:02}", "python")
    data, message_id = await peers_of(fake, "me")
    assert [len(row["components"]) for row in data["components"]] == [5, 5]
    labels = [button["label"] for button in buttons(data)]
    assert labels == [f"👋 P{number:02}" for number in range(10)]
    said = await press(fake, "me", message_id, buttons(data)[-1]["custom_id"])
    assert said["content"].startswith("I opened a private conversation for you and P09")


async def test_a_peer_who_refuses_dms_stops_the_hello_before_anyone_is_sent_it(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    await findable(app, fake, "alice", "python")
    bob = await findable(app, fake, "bob", "python")
    # Bob's DM channel (from his welcome); Discord refuses a DM to someone who closed them.
    [dm] = [
        c["id"]
        for c in fake.guild.channels.values()
        if c["type"] == 1 and c["recipients"][0]["id"] == bob
    ]
    data, message_id = await peers_of(fake, "alice")
    [hello] = buttons(data)
    seen = len(fake.requests)
    fake.fail_next("POST", rf"/channels/{dm}/messages", status=403)
    refused = await press(fake, "alice", message_id, hello["custom_id"])
    assert refused["content"].startswith("I could not open a conversation with Bob")
    sent = [r for r in fake.requests[seen:] if r.path.endswith("/messages") and r.status == 200]
    assert sent == []  # alice was not sent a prompt her peer never got
    said = await press(fake, "alice", message_id, hello["custom_id"])  # the claim was given back
    assert said["content"].startswith("I opened a private conversation for you and Bob")
