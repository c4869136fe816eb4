"""Posting the chart through the real discord.py and slack-sdk against the fake servers: an
attachment in a channel and in a private answer on Discord; on Slack an upload shared to the
channel, and no file in a private answer (the core sends it by DM)."""

from __future__ import annotations

import pytest

from bot.charts import ChartData, draw
from bot.errors import UnsupportedOnPlatform
from bot.messages import OutboundFile
from bot.platform import Capability
from tests.adapters.discord.fake_server import EPHEMERAL
from tests.contract.discord_harness import discord_harness
from tests.contract.slack_harness import slack_harness

TEXT = "📈 The chart in words: <@everyone> wrote nothing"


def chart() -> OutboundFile:
    return OutboundFile("participation.png", draw(ChartData()), "image/png", TEXT)


async def test_discord_attaches_the_chart_in_a_channel_without_pinging() -> None:
    async with discord_harness() as harness:
        assert Capability.FILES in harness.platform.capabilities
        file = chart()
        seen = len(harness.fake.requests)
        await harness.platform.post_file(harness.channel, file)
        sent = await harness.fake.wait_for_request(
            "POST", rf"/channels/{harness.channel.id}/messages", after=seen
        )
        assert sent.files == {"participation.png": file.content}
        assert sent.json["content"] == TEXT
        assert sent.json["allowed_mentions"]["parse"] == []
        assert sent.answer["attachments"][0]["filename"] == "participation.png"


async def test_discord_attaches_the_chart_to_a_private_answer() -> None:
    async with discord_harness() as harness:
        assert Capability.PRIVATE_FILES in harness.platform.capabilities
        interaction = await harness.interaction(harness.user("hana"), harness.channel)
        seen = len(harness.fake.requests)
        await harness.platform.respond_file(interaction, chart())
        sent = await harness.fake.wait_for_request(
            "POST", rf"/interactions/{interaction.id}/[^/]+/callback", after=seen
        )
        assert list(sent.files) == ["participation.png"]
        assert sent.json["data"]["flags"] & EPHEMERAL


async def test_slack_shares_the_uploaded_chart_in_the_channel() -> None:
    async with slack_harness() as harness:
        assert Capability.FILES in harness.platform.capabilities
        file = chart()
        await harness.platform.post_file(harness.channel, file)
        (shared,) = harness.fake.files.shared_in(harness.channel.id)
        assert shared.name == "participation.png"
        assert shared.content == file.content
        assert shared.initial_comment == TEXT


async def test_slack_carries_no_file_in_a_private_answer() -> None:
    async with slack_harness() as harness:
        assert Capability.PRIVATE_FILES not in harness.platform.capabilities
        interaction = await harness.interaction(harness.user("hana"), harness.channel)
        with pytest.raises(UnsupportedOnPlatform, match="files in private answers"):
            await harness.platform.respond_file(interaction, chart())
        assert harness.fake.files.files == {}
