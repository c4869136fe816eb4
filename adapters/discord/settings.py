"""The Discord adapter's settings: its token, development servers and endpoints.

Read from the environment and `.env` like the core's (`bot.settings`), with the same variable
names as always; `cohort run` and `cohort check` validate them at start-up.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from bot.settings import PlatformSettings, secret_set

DEFAULT_DISCORD_API_URL = "https://discord.com/api/v10"
DEFAULT_DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"


class DiscordSettings(PlatformSettings):
    """What an operator configures for Discord; `.env.example` documents each one."""

    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    discord_guild_ids: str = Field(default="", alias="DISCORD_GUILD_IDS")
    discord_api_url: str = Field(default=DEFAULT_DISCORD_API_URL, alias="DISCORD_API_URL")
    discord_gateway_url: str = Field(
        default=DEFAULT_DISCORD_GATEWAY_URL, alias="DISCORD_GATEWAY_URL"
    )

    @field_validator("discord_guild_ids")
    @classmethod
    def _snowflake_list(cls, value: str) -> str:
        ids = [part.strip() for part in value.split(",") if part.strip()]
        bad = [part for part in ids if not part.isdigit()]
        if bad:
            raise ValueError(
                f"{bad[0]!r} is not a server id; list numeric ids separated by commas "
                "(Developer Mode on, right-click the server, Copy Server ID)"
            )
        return ",".join(ids)

    @field_validator("discord_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with https:// (or http:// for a local proxy)")
        return value.rstrip("/")

    @field_validator("discord_gateway_url")
    @classmethod
    def _websocket_url(cls, value: str) -> str:
        if not value.startswith(("ws://", "wss://")):
            raise ValueError("must start with wss:// (or ws:// for a local proxy)")
        return value

    @property
    def discord_guilds(self) -> list[int]:
        """Return the guild ids listed in DISCORD_GUILD_IDS, for instant command sync."""
        return [int(part) for part in self.discord_guild_ids.split(",") if part]

    def configured(self) -> bool:
        """Return whether DISCORD_TOKEN is set, so `cohort run` connects Discord."""
        return secret_set(self.discord_token)


PLATFORM_SETTINGS = DiscordSettings
"""What `bot/cli.py` reads and validates for this platform, found by the package's name."""
