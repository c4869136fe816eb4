"""`cohort run` and `cohort discord ...` as real processes against the fake Discord."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from tests.adapters.discord.fake_server import FakeDiscord
from tests.core.cli_support import start_cohort

EPHEMERAL = 64


async def _cohort(workdir: Path, fake: FakeDiscord, *arguments: str) -> asyncio.subprocess.Process:
    return await start_cohort(
        workdir,
        *arguments,
        DISCORD_TOKEN=fake.token,
        DISCORD_API_URL=fake.api_url,
        DISCORD_GATEWAY_URL=fake.gateway_url,
    )


async def test_cohort_run_serves_discord_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        process = await _cohort(tmp_path, fake, "run")
        try:
            await asyncio.wait_for(fake.wait_until_ready(), 60)
            asked = await fake.slash_command("alice", "help")
            answer = await fake.wait_for_request("POST", rf"/interactions/{asked}/[^/]+/callback")
        finally:
            process.send_signal(signal.SIGTERM)
            _out, err = await asyncio.wait_for(process.communicate(), 60)
    assert answer.json["data"]["flags"] & EPHEMERAL
    assert "/guidelines" in answer.json["data"]["content"]
    assert process.returncode == 0, err.decode()
    assert fake.token not in err.decode()


async def test_a_privileged_intent_left_off_stops_run_with_the_switch_to_turn_on(
    tmp_path: Path,
) -> None:
    async with FakeDiscord() as fake:
        fake.close_on_identify = 4014
        process = await _cohort(tmp_path, fake, "run")
        _out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    message = err.decode()
    assert "Server Members Intent" in message
    assert "Privileged Gateway Intents" in message


async def test_invite_url_and_sync_talk_to_the_configured_api(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        invite = await _cohort(tmp_path, fake, "discord", "invite-url")
        link, _ = await asyncio.wait_for(invite.communicate(), 60)
        syncing = await _cohort(tmp_path, fake, "discord", "sync")
        synced, err = await asyncio.wait_for(syncing.communicate(), 60)
    assert invite.returncode == 0
    assert f"client_id={fake.guild.application_id}" in link.decode()
    assert syncing.returncode == 0, err.decode()
    assert "global commands: synced" in synced.decode()
    assert {command["name"] for command in fake.guild.commands["global"]} >= {"help", "setup"}
