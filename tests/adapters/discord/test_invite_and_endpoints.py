"""The install link and the endpoint settings."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

import discord
import yarl

from adapters.discord.endpoints import discord_endpoints
from adapters.discord.invite import PERMISSIONS, application_id_from_token, invite_url
from adapters.discord.settings import DEFAULT_DISCORD_API_URL, DEFAULT_DISCORD_GATEWAY_URL


def test_the_invite_asks_for_exactly_the_permissions_the_bot_uses() -> None:
    query = parse_qs(urlparse(invite_url(1234)).query)
    assert query["client_id"] == ["1234"]
    assert query["scope"] == ["bot applications.commands"]
    granted = discord.Permissions(int(query["permissions"][0]))
    assert all(getattr(granted, name) for name in PERMISSIONS)
    assert granted.value.bit_count() == len(PERMISSIONS)  # nothing beyond the list
    assert not granted.administrator
    assert not granted.mention_everyone


def test_every_permission_is_a_real_discord_permission_with_a_reason() -> None:
    valid = set(discord.Permissions.VALID_FLAGS)
    assert set(PERMISSIONS) <= valid
    assert all(reason.strip() for reason in PERMISSIONS.values())


def test_the_application_id_is_read_from_a_bot_token() -> None:
    head = base64.b64encode(b"112233445566778899").decode().rstrip("=")
    assert application_id_from_token(f"{head}.GaBcDe.signature") == 112233445566778899
    assert application_id_from_token("not a token") is None
    assert application_id_from_token(base64.b64encode(b"abc").decode() + ".x.y") is None


def test_endpoints_are_set_for_the_client_and_put_back_afterwards() -> None:
    with discord_endpoints("http://127.0.0.1:9/api/v10", "ws://127.0.0.1:9/gateway") as pinned:
        assert discord.http.Route.BASE == "http://127.0.0.1:9/api/v10"
        assert (
            yarl.URL("ws://127.0.0.1:9/gateway") == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        )
        assert pinned == yarl.URL("ws://127.0.0.1:9/gateway")
    assert discord.http.Route.BASE == DEFAULT_DISCORD_API_URL
    assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == DEFAULT_DISCORD_GATEWAY_URL


def test_the_default_gateway_is_not_pinned() -> None:
    with discord_endpoints(DEFAULT_DISCORD_API_URL, DEFAULT_DISCORD_GATEWAY_URL) as pinned:
        assert pinned is None
