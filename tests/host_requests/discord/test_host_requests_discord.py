"""Host requests on the real discord.py against the fake Discord: a quiet member's "Talk to a
host" (pressed in the check-in DM) becomes a card; the first host to claim is named on it, the
member is told by DM, a second host is told who claimed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapters.discord.client import CohortClient
from bot.app import App
from bot.clock import VirtualClock
from bot.events import Actor
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, UserRef
from bot.settings import Settings
from bot.shared.communities import ChannelPurpose
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import EPHEMERAL, answer_to
from tests.conftest import START
from tests.participation.discord.test_nudges_discord import dm_press, member_known


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No intro reminder: after the welcome, the check-in is the only DM the member gets."""
    return settings.model_copy(update={"intro_reminder_days": 0})


async def hosts_and_hugo(app: App, fake: FakeDiscord) -> str:
    """Make #hosts the hosts channel and hugo a host; return #hosts' id."""
    hosts = fake.guild.add_channel("hosts")
    community_id = await app.services.communities.ensure(CommunityRef("discord", fake.guild.id))
    await app.services.communities.assign_channel(
        community_id, ChannelPurpose.HOSTS, ChannelRef("discord", hosts)
    )
    hugo = Actor(UserRef("discord", fake.guild.add_member("hugo")), "Hugo")
    member = await app.services.members.resolve(community_id, hugo)
    await app.services.members.set_level_override(member.id, Level.HOST)
    return hosts


def buttons(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Return a message body's buttons."""
    return [c for row in body.get("components") or [] for c in row["components"]]


async def talk_to_a_host(fake: FakeDiscord, app: App, clock: VirtualClock, hosts: str) -> Any:
    """Let alice go quiet, press "Talk to a host" in her check-in DM; return the card's request."""
    alice = await fake.member_joins("alice")
    await member_known(app, fake, alice)
    await fake.wait_for_request("POST", r"/channels/[0-9]+/messages")  # the welcome, by DM
    seen = len(fake.requests)
    await clock.advance_to(START + timedelta(days=15))
    opened = await fake.wait_for_request("POST", r"/users/@me/channels", after=seen)
    while opened.json["recipient_id"] != alice:  # another quiet member's check-in (hugo's)
        after = fake.requests.index(opened) + 1
        opened = await fake.wait_for_request("POST", r"/users/@me/channels", after=after)
    dm = str(opened.answer["id"])
    checkin = await fake.wait_for_request("POST", rf"/channels/{dm}/messages", after=seen)
    [talk] = [b for b in buttons(checkin.json) if b["label"] == "Talk to a host"]
    seen = len(fake.requests)
    press = dm_press(fake, alice, str(checkin.answer["id"]), talk["custom_id"])
    await fake.dispatch("INTERACTION_CREATE", press)
    told = await answer_to(fake, press["id"])
    assert told["data"]["content"] == "I've let the hosts know; one of them will reach out to you."
    assert told["data"]["flags"] & EPHEMERAL
    return await fake.wait_for_request("POST", rf"/channels/{hosts}/messages", after=seen)


async def test_the_first_host_to_claim_is_named_and_a_second_is_told_who(
    bot: CohortClient, fake: FakeDiscord, app: App, clock: VirtualClock
) -> None:
    hosts = await hosts_and_hugo(app, fake)
    card = await talk_to_a_host(fake, app, clock, hosts)
    alice, hugo = fake.guild.user_id("alice"), fake.guild.user_id("hugo")
    assert card.json["content"].startswith(f"<@{alice}> would like to talk with a host")
    [claim] = buttons(card.json)
    assert claim["label"] == "Claim"
    card_id = str(card.answer["id"])

    seen = len(fake.requests)
    pressed = await answer_to(fake, await fake.press_button("hugo", card_id, claim["custom_id"]))
    assert pressed["data"]["content"] == (
        f"Claimed: you are named on the card. Please reach out to <@{alice}>."
    )
    assert pressed["data"]["flags"] & EPHEMERAL
    edited = await fake.wait_for_request(
        "PATCH", rf"/channels/{hosts}/messages/{card_id}", after=seen
    )
    assert edited.json["content"].endswith(f"Claimed by <@{hugo}>: they will reach out.")
    assert buttons(edited.json) == []
    opened = await fake.wait_for_request("POST", r"/users/@me/channels", after=seen)
    assert opened.json["recipient_id"] == alice
    dm = str(opened.answer["id"])
    note = await fake.wait_for_request("POST", rf"/channels/{dm}/messages", after=seen)
    assert note.json["content"] == (
        f"<@{hugo}> picked up your wish to talk with a host and will reach out to you soon."
    )

    seen = len(fake.requests)
    late = await answer_to(fake, await fake.press_button("owner", card_id, claim["custom_id"]))
    assert late["data"]["content"] == (
        f"<@{hugo}> already claimed this request; nothing more was done."
    )
    assert late["data"]["flags"] & EPHEMERAL
    assert [r for r in fake.requests[seen:] if r.method == "PATCH"] == []


async def test_a_member_pressing_claim_is_refused_and_the_card_stays(
    bot: CohortClient, fake: FakeDiscord, app: App, clock: VirtualClock
) -> None:
    hosts = await hosts_and_hugo(app, fake)
    card = await talk_to_a_host(fake, app, clock, hosts)
    [claim] = buttons(card.json)
    seen = len(fake.requests)
    refused = await answer_to(
        fake, await fake.press_button("bob", str(card.answer["id"]), claim["custom_id"])
    )
    assert "host" in refused["data"]["content"]
    assert refused["data"]["flags"] & EPHEMERAL
    assert [r for r in fake.requests[seen:] if r.method == "PATCH"] == []
