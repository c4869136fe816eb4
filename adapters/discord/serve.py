"""`cohort run` on Discord, and the `cohort discord ...` maintenance commands."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord

from adapters.discord.client import CohortClient
from adapters.discord.endpoints import discord_endpoints
from adapters.discord.invite import application_id_from_token, invite_url
from adapters.discord.settings import DiscordSettings
from adapters.discord.shards import client_options as shard_options
from adapters.discord.shards import share_of
from bot.errors import PlatformUnreachable, StartupError
from bot.port import Core
from bot.settings import load_settings
from commands.registry import Registry

log = logging.getLogger(__name__)

PORTAL = "https://discord.com/developers/applications"
INTENTS_HELP = (
    "Discord closed the connection because a privileged intent is off. Turn on Server Members "
    f"Intent (and Message Content Intent) in the Developer Portal: {PORTAL} → your application "
    "→ Bot → Privileged Gateway Intents, save, and start Cohort again."
)
TOKEN_HELP = (
    "Discord refused DISCORD_TOKEN. Copy the bot token again from the Developer Portal "
    f"({PORTAL} → your application → Bot → Reset Token) into .env."
)


async def serve(core: Core[Registry]) -> None:
    """Connect to Discord with the settings in the environment; serve until cancelled."""
    async with connected_client(core, load_settings(DiscordSettings)) as client:
        await client.connect()


@asynccontextmanager
async def connected_client(
    core: Core[Registry], settings: DiscordSettings, **client_options: Any
) -> AsyncIterator[CohortClient]:
    """Yield a logged-in client pointed at the configured endpoints; close it afterwards."""
    token = _token(settings)
    _quiet_voice_warnings()
    with discord_endpoints(settings.discord_api_url, settings.discord_gateway_url) as gateway:
        client = CohortClient(
            core,
            guild_ids=settings.discord_guilds,
            gateway=gateway,
            share=share_of(settings),
            **(shard_options(settings) | client_options),
        )
        try:
            await _log_in(client, token)
            yield client
        except discord.LoginFailure:
            raise StartupError(TOKEN_HELP) from None
        except discord.PrivilegedIntentsRequired:
            raise StartupError(INTENTS_HELP) from None
        finally:
            await client.close()


def _quiet_voice_warnings() -> None:
    """Drop discord.py's warnings that voice libraries are missing: Cohort never uses voice."""
    logger = logging.getLogger("discord.client")
    if not any(isinstance(f, _NoVoiceFilter) for f in logger.filters):
        logger.addFilter(_NoVoiceFilter())


class _NoVoiceFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().endswith("voice will NOT be supported")


async def _log_in(client: CohortClient, token: str) -> None:
    """Log in, or say in one line that Discord could not be reached (no traceback)."""
    try:
        await client.login(token)
    except (OSError, aiohttp.ClientError, TimeoutError) as error:
        raise PlatformUnreachable("Discord", error) from None
    except discord.DiscordServerError as error:  # its outage: 5xx after discord.py's retries
        raise PlatformUnreachable("Discord", f"it answered {error.status}") from None


async def sync(core: Core[Registry], settings: DiscordSettings) -> list[str]:
    """Sync the slash commands now, whether or not they changed (`cohort discord sync`)."""
    async with connected_client(core, settings, sync_on_start=False) as client:
        return await client.sync(force=True)


async def install_link(settings: DiscordSettings) -> str:
    """Return the install link (`cohort discord invite-url`), asking Discord for the app id."""
    token = _token(settings)
    with discord_endpoints(settings.discord_api_url, settings.discord_gateway_url):
        http = discord.http.HTTPClient(loop=asyncio.get_running_loop())
        try:
            await http.static_login(token)
            application: Any = await http.application_info()
            return invite_url(int(application["id"]))
        except discord.LoginFailure:
            raise StartupError(TOKEN_HELP) from None
        except (discord.HTTPException, OSError) as error:
            fallback = application_id_from_token(token)
            if fallback is None:
                unreachable = f"could not reach Discord to find the application id: {error}"
                raise StartupError(unreachable) from None
            log.warning("Discord unreachable (%s); using the id inside the token", error)
            return invite_url(fallback)
        finally:
            await http.close()


def _token(settings: DiscordSettings) -> str:
    if settings.discord_token is None or not settings.discord_token.get_secret_value():
        raise StartupError("DISCORD_TOKEN is not set (see .env.example and the README)")
    return settings.discord_token.get_secret_value()
