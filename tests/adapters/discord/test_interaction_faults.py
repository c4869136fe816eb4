"""Interactions that go wrong on the real discord.py against a fake Discord: presses and forms
from DMs naming a server, answers the platform loses or no longer takes, and a platform failure
while a command runs."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.discord.client import CohortClient
from bot.app import App
from bot.storage.models import Community, Guideline, Intro, Member
from tests.adapters.discord.fake_payloads import Interaction, snowflake, user_payload
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_direct_message_buttons import button
from tests.adapters.discord.test_end_to_end import EPHEMERAL, answer_to
from tests.moderation.discord.test_moderation_discord import labels
from tests.participation.discord.test_nudges_discord import dm_press

CALLBACK = r"/interactions/[0-9]+/[^/]+/callback"


def dm_interaction(
    fake: FakeDiscord, user: dict[str, Any], channel_id: str, kind: int, data: dict[str, Any]
) -> dict[str, Any]:
    """Return INTERACTION_CREATE of `kind` sent from a DM: no guild, a user, no member."""
    interaction_id, token = snowflake(), secrets.token_urlsafe(16)
    fake.guild.interactions[interaction_id] = Interaction(
        interaction_id, token, user["id"], channel_id
    )
    return {
        "id": interaction_id,
        "application_id": fake.guild.application_id,
        "type": kind,
        "data": data,
        "channel_id": channel_id,
        "channel": {"id": channel_id, "type": 1},
        "user": user,
        "token": token,
        "version": 1,
        "app_permissions": "0",
        "locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"1": user["id"]},
        "context": 1,
        "attachment_size_limit": 26214400,
    }


def modal_from_dm(
    fake: FakeDiscord, user_id: str, channel_id: str, form_id: str, values: dict[str, str]
) -> dict[str, Any]:
    """Return the submission of a modal opened in a DM, which Discord sends without a guild."""
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
        for key, value in values.items()
    ]
    data = {"custom_id": form_id, "components": rows}
    return dm_interaction(fake, fake.guild.users[user_id], channel_id, 5, data)


async def count(app: App, model: Any) -> int:
    """Return how many rows `model`'s table holds."""
    async with app.database.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def dm_button(fake: FakeDiscord, user: dict[str, Any], custom_id: str) -> dict[str, Any]:
    """Return a press of `custom_id` on a bot message in the person's DM channel."""
    channel_id = snowflake()
    fake.guild.channels[channel_id] = {"id": channel_id, "type": 1, "recipients": [user]}
    components = [{"type": 1, "components": [{"type": 2, "custom_id": custom_id, "style": 2}]}]
    stored = fake.guild.store(
        channel_id, fake.guild.application_id, {"content": "hi", "components": components}
    )
    data = {"custom_id": custom_id, "component_type": 2}
    press = dm_interaction(fake, user, channel_id, 3, data)
    press["message"] = fake.guild.message_payload(stored)
    return press


@pytest.mark.parametrize("who", ["a stranger", "a member naming another server"])
async def test_a_dm_press_naming_a_server_not_shared_is_refused_and_creates_nothing(
    bot: CohortClient, fake: FakeDiscord, app: App, who: str
) -> None:
    if who == "a stranger":  # not in the fake guild, which the bot is in
        user, guild_id = user_payload(snowflake(), "mallory"), fake.guild.id
    else:  # in the bot's guild, naming one the bot is not in
        user, guild_id = fake.guild.users[fake.guild.add_member("alice")], snowflake()
    communities, members = await count(app, Community), await count(app, Member)

    press = await dm_button(fake, user, f"nudge:fine:1@{guild_id}")
    await fake.dispatch("INTERACTION_CREATE", press)
    answer = await answer_to(fake, press["id"])

    assert answer["data"]["flags"] & EPHEMERAL
    assert "not both in" in answer["data"]["content"]
    assert await count(app, Community) == communities
    assert await count(app, Member) == members


async def test_the_intro_form_opened_from_the_welcome_dm_is_submitted_from_the_dm(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    before = len(fake.requests)
    carl = await fake.member_joins("carl")
    posted = await fake.wait_for_request("POST", r"/channels/[0-9]+/messages", after=before)
    welcome = fake.guild.messages[str(posted.answer["id"])]
    assert "Introduce myself" in labels(welcome)
    press = dm_press(fake, carl, welcome.id, button(welcome, "Introduce myself"))
    await fake.dispatch("INTERACTION_CREATE", press)
    modal = (await answer_to(fake, press["id"]))["data"]
    assert modal["custom_id"] == f"intro:write@{fake.guild.id}", "the form names its server"

    values = {"about": "Hi, I'm Carl and I learn Rust.", "timezone": "Europe/Berlin"}
    submit = modal_from_dm(fake, carl, welcome.channel_id, modal["custom_id"], values)
    await fake.dispatch("INTERACTION_CREATE", submit)
    answer = await answer_to(fake, submit["id"])

    assert answer["data"]["flags"] & EPHEMERAL
    assert "intro" in answer["data"]["content"].lower()
    async with app.database.session() as session:
        (about,) = (await session.execute(select(Intro.about))).scalars()
    assert about == values["about"]


async def test_an_answer_lost_on_the_way_back_still_reaches_the_person_as_a_follow_up(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    fake.lose_next_answer("POST", CALLBACK)  # Discord takes the response; its answer is lost
    before = len(fake.requests)
    rule = [{"type": 3, "name": "rule", "value": "Be kind"}]
    await fake.slash_command("owner", "guidelines add", rule)

    follow_up = await fake.wait_for_request("POST", r"/webhooks/[0-9]+/[^/]+", after=before)
    assert "Added rule 1" in follow_up.json["content"]
    assert await count(app, Guideline) == 1
    sent = " ".join(str(r.json) for r in fake.requests[before:] if r.method == "POST")
    assert "nothing was changed" not in sent.lower()


async def test_an_answer_to_an_expired_interaction_goes_by_dm_and_the_log_says_it_was_saved(
    bot: CohortClient, fake: FakeDiscord, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_next("POST", CALLBACK, status=404)  # the interaction expired: nothing takes it
    before = len(fake.requests)
    rule = [{"type": 3, "name": "rule", "value": "Be kind"}]
    with caplog.at_level(logging.WARNING, logger="commands.delivery"):
        await fake.slash_command("owner", "guidelines add", rule)
        opened = await fake.wait_for_request("POST", r"/users/@me/channels", after=before)
        dm = str(opened.answer["id"])
        sent = await fake.wait_for_request("POST", rf"/channels/{dm}/messages", after=before)

    assert opened.json["recipient_id"] == fake.guild.owner_id
    assert "here is my answer" in sent.json["content"]
    assert "Added rule 1" in sent.json["content"]
    assert await count(app, Guideline) == 1
    assert "the change was made and is saved" in caplog.text
    everything = " ".join(str(r.json) for r in fake.requests[before:] if r.method == "POST")
    assert "nothing was changed" not in everything.lower()


async def test_a_platform_failure_during_a_command_says_so_and_that_nothing_changed(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    fake.fail_next("POST", rf"/channels/{fake.guild.general}/messages", status=503)
    interaction = await fake.slash_command("owner", "topic post", [])
    content = (await answer_to(fake, interaction))["data"]["content"]
    assert "Discord did not accept that" in content
    assert "server error" in content
    assert "Nothing was changed" in content
    assert "Something went wrong on my side" not in content
