"""Quiet-member nudges on Discord: the real discord.py sends the DM with its buttons to a fake
Discord, and a press in the DM (which Discord sends without a guild) reaches its community."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta
from typing import Any

import pytest

from adapters.discord.client import CohortClient
from bot.app import App
from bot.clock import VirtualClock
from bot.errors import NotFoundError
from bot.refs import CommunityRef
from bot.settings import Settings
from tests.adapters.discord.fake_payloads import Interaction, snowflake
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to
from tests.conftest import START


def dm_press(fake: FakeDiscord, user_id: str, message_id: str, custom_id: str) -> dict[str, Any]:
    """Return INTERACTION_CREATE for a button pressed in a DM: no guild, a user, no member."""
    guild = fake.guild
    stored = guild.messages[message_id]
    interaction_id, token = snowflake(), secrets.token_urlsafe(16)
    guild.interactions[interaction_id] = Interaction(
        interaction_id, token, user_id, stored.channel_id
    )
    return {
        "id": interaction_id,
        "application_id": guild.application_id,
        "type": 3,
        "data": {"custom_id": custom_id, "component_type": 2},
        "channel_id": stored.channel_id,
        "channel": {"id": stored.channel_id, "type": 1},
        "user": guild.users[user_id],
        "token": token,
        "version": 1,
        "app_permissions": "0",
        "locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"1": user_id},
        "context": 1,
        "attachment_size_limit": 26214400,
        "message": guild.message_payload(stored),
    }


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No intro reminder: after the welcome, the nudge is the only message the member gets."""
    return settings.model_copy(update={"intro_reminder_days": 0})


async def member_known(app: App, fake: FakeDiscord, user_id: str) -> int:
    """Wait for the join (handled in the background) to reach the database."""
    community_id = await app.services.communities.ensure(CommunityRef("discord", fake.guild.id))
    for _ in range(200):
        try:
            await app.services.members.find_id(community_id, user_id)
        except NotFoundError:  # not there yet
            await asyncio.sleep(0.01)
        else:
            return community_id
    raise AssertionError("the join never reached the database")


async def test_a_quiet_member_gets_one_dm_with_buttons_and_a_press_there_works(
    bot: CohortClient, fake: FakeDiscord, app: App, clock: VirtualClock
) -> None:
    before_join = len(fake.requests)
    alice = await fake.member_joins("alice")
    community_id = await member_known(app, fake, alice)
    welcome = await fake.wait_for_request("POST", r"/channels/[0-9]+/messages", after=before_join)
    assert "Welcome" in welcome.json["content"]  # by DM: no intros channel is set
    seen = len(fake.requests)

    await clock.advance_to(START + timedelta(days=15))

    opened = await fake.wait_for_request("POST", r"/users/@me/channels", after=seen)
    assert opened.json["recipient_id"] == alice
    dm = str(opened.answer["id"])
    sent = await fake.wait_for_request("POST", rf"/channels/{dm}/messages", after=seen)
    assert "lurking is also learning" in sent.json["content"]
    buttons = [c for row in sent.json["components"] for c in row["components"]]
    assert [b["label"] for b in buttons] == [
        "I'm fine, just reading",
        "Snooze 2 weeks",
        "Pair me with someone",
        "Talk to a host",
    ]
    assert all(b["custom_id"].endswith(f"@{fake.guild.id}") for b in buttons)
    dms = [r for r in fake.requests[seen:] if r.method == "POST" and r.path.endswith("/messages")]
    assert len(dms) == 1, "one nudge, and nothing posted in a channel"

    message_id = str(sent.answer["id"])
    press = dm_press(fake, alice, message_id, buttons[1]["custom_id"])
    await fake.dispatch("INTERACTION_CREATE", press)
    answer = await answer_to(fake, press["id"])
    assert "Snoozed: no check-ins until 2026-02-03" in answer["data"]["content"]
    assert answer["data"]["flags"] & 64, "the answer is private"
    since = START - timedelta(days=1)
    assert await app.services.nudges.outcomes(community_id, since) == {
        "sent": 1,
        "answer:snooze": 1,
    }
