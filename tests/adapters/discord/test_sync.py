"""Syncing commands: the real discord.py HTTP client against a fake Discord on loopback."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.discord.app_commands import command_bodies, command_set_digest
from adapters.discord.sync import GLOBAL_SCOPE, guild_scope, sync_commands
from bot.clock import VirtualClock
from bot.shared.command_syncs import CommandSyncService
from bot.storage.database import Database
from tests.adapters.discord.openapi import SAMPLES
from tests.commands.registry_support import real_registry

APPLICATION_ID = 775799577604522054


@dataclass
class FakeCommandsApi:
    """Discord's command endpoints: records each PUT, or refuses them all when told to."""

    puts: list[tuple[str, Any]] = field(default_factory=list)
    refuse: bool = False

    def app(self) -> web.Application:
        """Return the aiohttp application serving the endpoints."""
        app = web.Application()
        app.router.add_get("/api/v10/users/@me", self._me)
        app.router.add_put("/api/v10/applications/{application}/commands", self._put)
        app.router.add_put("/api/v10/applications/{application}/guilds/{guild}/commands", self._put)
        return app

    async def _me(self, _request: web.Request) -> web.Response:
        return _json({"id": str(APPLICATION_ID), "username": "cohort", "discriminator": "0"})

    async def _put(self, request: web.Request) -> web.Response:
        if self.refuse:
            error = json.loads((SAMPLES / "rest__error_invalid_form_body__docs.json").read_text())
            return _json(error, status=400)
        body = await request.json()
        self.puts.append((request.path, body))
        return _json([{**command, "id": str(index + 1)} for index, command in enumerate(body)])


def _json(data: Any, status: int = 200) -> web.Response:
    # Exactly `application/json`: with `; charset=utf-8` discord.py does not parse the body,
    # and aiohttp adds the charset whenever the body is given as `text`.
    body = json.dumps(data).encode()
    return web.Response(status=status, body=body, content_type="application/json")


GLOBAL_PATH = f"/api/v10/applications/{APPLICATION_ID}/commands"


def guild_path(guild_id: int) -> str:
    """Return the path of one guild's commands."""
    return f"/api/v10/applications/{APPLICATION_ID}/guilds/{guild_id}/commands"


@pytest.fixture
def fake() -> FakeCommandsApi:
    """The fake command endpoints, accepting every PUT."""
    return FakeCommandsApi()


@pytest.fixture
async def http(
    fake: FakeCommandsApi, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[discord.http.HTTPClient]:
    """discord.py's HTTP client, logged in against the fake on 127.0.0.1 (a free port)."""
    server = TestServer(fake.app(), host="127.0.0.1", port=0)
    await server.start_server()
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{server.port}/api/v10")
    client = discord.http.HTTPClient(asyncio.get_running_loop())
    await client.static_login("token")
    try:
        yield client
    finally:
        await client.close()
        await server.close()


@pytest.fixture
def syncs(sqlite_database: Database, clock: VirtualClock) -> CommandSyncService:
    """The command sync service on a migrated SQLite file."""
    return CommandSyncService(sqlite_database, clock)


BODIES = command_bodies(real_registry())


async def sync(
    http: discord.http.HTTPClient,
    syncs: CommandSyncService,
    bodies: list[dict[str, Any]] = BODIES,
    guild_ids: tuple[int, ...] = (),
    *,
    force: bool = False,
) -> list[str]:
    """Sync `bodies` to the fake."""
    return await sync_commands(http, APPLICATION_ID, bodies, syncs, list(guild_ids), force=force)


async def test_the_first_sync_puts_every_command_globally_and_records_the_digest(
    http: discord.http.HTTPClient, syncs: CommandSyncService, fake: FakeCommandsApi
) -> None:
    lines = await sync(http, syncs)

    assert lines == [f"global commands: synced {len(BODIES)} commands"]
    assert fake.puts == [(GLOBAL_PATH, BODIES)]
    assert await syncs.digest(GLOBAL_SCOPE) == command_set_digest(BODIES)


async def test_the_same_set_again_is_not_put(
    http: discord.http.HTTPClient, syncs: CommandSyncService, fake: FakeCommandsApi
) -> None:
    await sync(http, syncs)

    lines = await sync(http, syncs, command_bodies(real_registry()))

    assert lines == ["global commands: up to date"]
    assert len(fake.puts) == 1


async def test_a_changed_set_is_put_again(
    http: discord.http.HTTPClient, syncs: CommandSyncService, fake: FakeCommandsApi
) -> None:
    await sync(http, syncs)
    changed = BODIES[:-1]

    lines = await sync(http, syncs, changed)

    assert lines == [f"global commands: synced {len(changed)} commands"]
    assert fake.puts[-1] == (GLOBAL_PATH, changed)
    assert await syncs.digest(GLOBAL_SCOPE) == command_set_digest(changed)


async def test_force_puts_an_unchanged_set(
    http: discord.http.HTTPClient, syncs: CommandSyncService, fake: FakeCommandsApi
) -> None:
    await sync(http, syncs)

    lines = await sync(http, syncs, force=True)

    assert lines == [f"global commands: synced {len(BODIES)} commands"]
    assert len(fake.puts) == 2


async def test_guild_ids_put_to_each_guild_instead_of_globally(
    http: discord.http.HTTPClient, syncs: CommandSyncService, fake: FakeCommandsApi
) -> None:
    lines = await sync(http, syncs, guild_ids=(123, 456))

    assert lines == [
        f"guild 123: synced {len(BODIES)} commands",
        f"guild 456: synced {len(BODIES)} commands",
    ]
    assert fake.puts == [(guild_path(123), BODIES), (guild_path(456), BODIES)]
    assert await syncs.digest(guild_scope(123)) == command_set_digest(BODIES)
    assert await syncs.digest(GLOBAL_SCOPE) is None


async def test_each_guild_is_up_to_date_on_its_own(
    http: discord.http.HTTPClient, syncs: CommandSyncService, fake: FakeCommandsApi
) -> None:
    await sync(http, syncs, guild_ids=(123,))

    lines = await sync(http, syncs, guild_ids=(123, 456, 123))

    assert lines == ["guild 123: up to date", f"guild 456: synced {len(BODIES)} commands"]
    assert [path for path, _body in fake.puts] == [guild_path(123), guild_path(456)]


async def test_a_global_sync_does_not_count_for_a_guild(
    http: discord.http.HTTPClient, syncs: CommandSyncService, fake: FakeCommandsApi
) -> None:
    await sync(http, syncs)

    await sync(http, syncs, guild_ids=(123,))

    assert [path for path, _body in fake.puts] == [GLOBAL_PATH, guild_path(123)]


async def test_a_refused_put_raises_and_records_nothing(
    http: discord.http.HTTPClient, syncs: CommandSyncService, fake: FakeCommandsApi
) -> None:
    fake.refuse = True

    with pytest.raises(discord.HTTPException) as raised:
        await sync(http, syncs)

    assert raised.value.status == 400
    assert raised.value.code == 50035
    assert await syncs.digest(GLOBAL_SCOPE) is None
    fake.refuse = False
    assert await sync(http, syncs) == [f"global commands: synced {len(BODIES)} commands"]


async def test_a_refused_guild_keeps_the_guilds_synced_before_it(
    http: discord.http.HTTPClient, syncs: CommandSyncService, fake: FakeCommandsApi
) -> None:
    await sync(http, syncs, guild_ids=(123,))
    changed = BODIES[:-1]
    fake.refuse = True

    with pytest.raises(discord.HTTPException):
        await sync(http, syncs, changed, guild_ids=(123,))

    assert await syncs.digest(guild_scope(123)) == command_set_digest(BODIES)
