"""Buttons in direct messages on the real discord.py: Discord sends a DM press without a guild,
and the press counts in the one server the member shares with the bot."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from adapters.discord.client import CohortClient
from bot.app import App
from bot.storage.models import ModCase
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import EPHEMERAL, answer_to
from tests.moderation.discord.test_moderation_discord import (
    MODERATE_MEMBERS,
    labels,
    with_mod_channels,
)
from tests.participation.discord.test_nudges_discord import dm_press


def button(message: Any, label: str) -> str:
    """Return the custom id of the button called `label` on a stored message."""
    return next(
        b["custom_id"]
        for row in message.components
        for b in row["components"]
        if b["label"] == label
    )


async def test_the_welcome_dms_introduce_myself_opens_the_intro_form(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    before = len(fake.requests)
    carl = await fake.member_joins("carl")
    posted = await fake.wait_for_request("POST", r"/channels/[0-9]+/messages", after=before)
    assert "Welcome" in posted.json["content"]  # by DM: no intros channel is set
    welcome = fake.guild.messages[str(posted.answer["id"])]
    assert "Introduce myself" in labels(welcome)

    press = dm_press(fake, carl, welcome.id, button(welcome, "Introduce myself"))
    await fake.dispatch("INTERACTION_CREATE", press)
    form = await answer_to(fake, press["id"])
    assert form["type"] == 9, "the intro form (a modal) opens"


async def test_a_warning_notice_is_acknowledged_from_the_dm(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    await with_mod_channels(app, fake)
    carl = await fake.member_joins("carl")
    await fake.wait_for_request("POST", r"/channels/[0-9]+/messages")  # the welcome DM
    warn = await fake.slash_command(
        "mia",
        "mod warn",
        [
            {"type": 6, "name": "member", "value": carl},
            {"type": 3, "name": "reason", "value": "please keep it kind"},
        ],
        resolved={"users": {carl: fake.guild.users[carl]}},
        permissions=MODERATE_MEMBERS,
    )
    assert "Warned <@" in str(await answer_to(fake, warn))
    (notice,) = [m for m in fake.guild.messages.values() if "I understand" in labels(m)]

    press = dm_press(fake, carl, notice.id, button(notice, "I understand"))
    await fake.dispatch("INTERACTION_CREATE", press)
    answer = await answer_to(fake, press["id"])
    assert answer["data"]["flags"] & EPHEMERAL
    async with app.database.session() as session:
        (acknowledged,) = (await session.execute(select(ModCase.acknowledged_at))).scalars()
    assert acknowledged is not None
