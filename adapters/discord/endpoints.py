"""Where discord.py talks to: DISCORD_API_URL and DISCORD_GATEWAY_URL, honoured everywhere.

discord.py reads its REST base (used by REST calls, webhooks and interaction follow-ups alike)
and its default gateway from class attributes; they are set for the life of one client and put
back afterwards, so a process (or a test run) can start clients against different servers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import discord
import yarl

from adapters.discord.settings import DEFAULT_DISCORD_GATEWAY_URL


@contextmanager
def discord_endpoints(api_url: str, gateway_url: str) -> Iterator[yarl.URL | None]:
    """Point discord.py at `api_url` and `gateway_url`; yield the gateway to pin, if custom."""
    route: Any = discord.http.Route
    socket: Any = discord.gateway.DiscordWebSocket
    saved = (route.BASE, socket.DEFAULT_GATEWAY)
    custom = gateway_url != DEFAULT_DISCORD_GATEWAY_URL
    route.BASE = api_url
    if custom:
        socket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        yield yarl.URL(gateway_url) if custom else None
    finally:
        route.BASE, socket.DEFAULT_GATEWAY = saved
