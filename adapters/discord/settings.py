"""The Discord adapter's settings: its token, development servers, endpoints and shards.

Read from the environment and `.env` like the core's (`bot.settings`), with the same variable
names as always; `cohort run` and `cohort check` validate them at start-up.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, ValidationInfo, field_validator

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
    # The count first: the ids are checked against it.
    discord_shard_count: int | None = Field(default=None, alias="DISCORD_SHARD_COUNT")
    """How many shards the bot runs in all; unset, discord.py asks Discord."""
    discord_shard_ids: str = Field(default="", alias="DISCORD_SHARD_IDS")
    """The shards this process runs (`0,1`); unset, every one."""

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

    @field_validator("discord_shard_count", mode="before")
    @classmethod
    def _shard_count(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = str(value).strip()
        if not text.isdigit() or int(text) < 1:
            raise ValueError(f"{value!r} is not a shard count: write a whole number, 1 or more")
        return int(text)

    @field_validator("discord_shard_ids")
    @classmethod
    def _shard_ids(cls, value: str, info: ValidationInfo) -> str:
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not parts:
            return ""
        bad = next((part for part in parts if not part.isdigit()), None)
        if bad is not None:
            raise ValueError(f"{bad!r} is not a shard id: list whole numbers from 0, like 0,1")
        if "discord_shard_count" not in info.data:
            return ",".join(parts)  # the count is invalid itself, and reported
        count = info.data["discord_shard_count"]
        if count is None:
            raise ValueError("needs DISCORD_SHARD_COUNT, the number of shards in all")
        ids = [int(part) for part in parts]
        beyond = next((shard for shard in ids if shard >= count), None)
        if beyond is not None:
            raise ValueError(
                f"shard {beyond} is not below DISCORD_SHARD_COUNT ({count}): "
                f"shard ids run from 0 to {count - 1}"
            )
        if len(set(ids)) != len(ids):
            raise ValueError("lists a shard twice")
        return ",".join(str(shard) for shard in ids)

    @property
    def shard_ids(self) -> list[int] | None:
        """Return the shards listed in DISCORD_SHARD_IDS (None: every one)."""
        ids = [int(part) for part in self.discord_shard_ids.split(",") if part]
        return ids or None

    @property
    def discord_guilds(self) -> list[int]:
        """Return the guild ids listed in DISCORD_GUILD_IDS, for instant command sync."""
        return [int(part) for part in self.discord_guild_ids.split(",") if part]

    def configured(self) -> bool:
        """Return whether DISCORD_TOKEN is set, so `cohort run` connects Discord."""
        return secret_set(self.discord_token)

    def summary(self) -> list[str]:
        """Return which shards this process runs, for `cohort check`."""
        count, ids = self.discord_shard_count, self.shard_ids
        if count is None:
            return ["discord shards: every one (discord.py asks Discord how many)"]
        if ids is None:
            return [f"discord shards: every one of {count}"]
        listed = ", ".join(str(shard) for shard in ids)
        return [f"discord shards: {listed} of {count} (the others' servers are not served here)"]


PLATFORM_SETTINGS = DiscordSettings
"""What `bot/cli.py` reads and validates for this platform, found by the package's name."""
