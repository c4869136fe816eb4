"""Settings from the environment and `.env`, validated once in `main()`, never at import time."""

from __future__ import annotations

import re
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.moderation.ladder import parse_ladder

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///cohort.db"
DEFAULT_DISCORD_API_URL = "https://discord.com/api/v10"
DEFAULT_DISCORD_GATEWAY_URL = "wss://gateway.discord.gg/"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
SUPPORTED_DATABASE_SCHEMES = ("sqlite+aiosqlite", "postgresql+asyncpg")


class Settings(BaseSettings):
    """Everything an operator can configure; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="COHORT_DATABASE_URL")
    timezone: str = Field(default="UTC", alias="COHORT_TIMEZONE")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="COHORT_LOG_LEVEL"
    )
    activity_flush_seconds: float = Field(
        default=5.0, gt=0, le=3600, alias="COHORT_ACTIVITY_FLUSH_SECONDS"
    )
    schedule_grace_hours: float = Field(
        default=6.0, ge=0, le=168, alias="COHORT_SCHEDULE_GRACE_HOURS"
    )
    schedule_poll_seconds: float | None = Field(
        default=None, ge=0, le=3600, alias="COHORT_SCHEDULE_POLL_SECONDS"
    )
    """How often to look for schedules changed by another process; 0 never. Unset: every
    60 s on the real clock, never on the virtual one (the console is one process)."""
    starter_topics: bool = Field(default=True, alias="COHORT_STARTER_TOPICS")
    welcome_in: Literal["channel", "dm"] = Field(default="channel", alias="COHORT_WELCOME_IN")
    intro_reminder_days: int = Field(default=3, ge=0, le=365, alias="COHORT_INTRO_REMINDER_DAYS")
    automod_cache_seconds: float = Field(
        default=15.0, gt=0, le=3600, alias="COHORT_AUTOMOD_CACHE_SECONDS"
    )
    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    discord_guild_ids: str = Field(default="", alias="DISCORD_GUILD_IDS")
    discord_api_url: str = Field(default=DEFAULT_DISCORD_API_URL, alias="DISCORD_API_URL")
    discord_gateway_url: str = Field(
        default=DEFAULT_DISCORD_GATEWAY_URL, alias="DISCORD_GATEWAY_URL"
    )
    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_mode: Literal["socket", "http"] = Field(default="socket", alias="SLACK_MODE")
    # HTTP mode listens on every interface by default: Slack's servers must reach it.
    slack_host: str = Field(default="0.0.0.0", alias="SLACK_HOST")
    slack_port: int = Field(default=3000, ge=1, le=65535, alias="SLACK_PORT")
    slack_command_prefix: str = Field(default="", alias="SLACK_COMMAND_PREFIX")
    slack_admin_user_token: SecretStr | None = Field(default=None, alias="SLACK_ADMIN_USER_TOKEN")
    slack_api_url: str = Field(default=DEFAULT_SLACK_API_URL, alias="SLACK_API_URL")
    warning_expiry_days: float = Field(
        default=90.0, gt=0, le=3650, alias="COHORT_WARNING_EXPIRY_DAYS"
    )
    warning_ladder: str = Field(default="3=24h", alias="COHORT_WARNING_LADDER")
    flag_reannounce_hours: float = Field(
        default=2.0, gt=0, le=168, alias="COHORT_FLAG_REANNOUNCE_HOURS"
    )
    anonymous_reports: bool = Field(default=False, alias="COHORT_ANONYMOUS_REPORTS")
    # Unset: the quiet-members service's own default (`DEFAULT_QUIET_DAYS`, 14).
    quiet_days: int | None = Field(default=None, ge=1, le=365, alias="COHORT_QUIET_DAYS")
    nudge_cooldown_days: int = Field(default=30, ge=1, le=365, alias="COHORT_NUDGE_COOLDOWN_DAYS")
    nudge_rate: float = Field(default=5.0, gt=0, le=50, alias="COHORT_NUDGE_RATE")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not an IANA time zone (for example Europe/Berlin)"
            ) from None
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        scheme = value.split("://", 1)[0]
        if "://" not in value or scheme not in SUPPORTED_DATABASE_SCHEMES:
            allowed = " or ".join(f"{s}://..." for s in SUPPORTED_DATABASE_SCHEMES)
            raise ValueError(f"must start with {allowed}")
        return value

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

    @field_validator("warning_ladder")
    @classmethod
    def _ladder(cls, value: str) -> str:
        parse_ladder(value)  # raises ValueError with what to write
        return value

    @field_validator("slack_mode", "welcome_in", mode="before")
    @classmethod
    def _lower_mode(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("schedule_poll_seconds", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_command_prefix")
    @classmethod
    def _command_prefix(cls, value: str) -> str:
        if value and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,15}", value):
            raise ValueError(
                "use up to 16 lower-case letters, digits, - or _ (for example cohort-)"
            )
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _slack_api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with https:// (or http:// for a local server)")
        return value if value.endswith("/") else value + "/"

    def missing_platform_settings(self) -> str | None:
        """Return what a configured platform still needs to connect, or None.

        Not a validation rule: `cohort slack manifest` and the console must work before the
        tokens exist (people need the manifest to create the app that gives them).
        """
        if not self.slack_bot_token or not self.slack_bot_token.get_secret_value():
            return None
        if self.slack_mode == "socket" and not _secret_set(self.slack_app_token):
            return (
                "SLACK_APP_TOKEN (xapp-...) is needed for Socket Mode; or set SLACK_MODE=http "
                "with SLACK_SIGNING_SECRET"
            )
        if self.slack_mode == "http" and not _secret_set(self.slack_signing_secret):
            return "SLACK_SIGNING_SECRET is needed when SLACK_MODE=http"
        return None

    @property
    def discord_guilds(self) -> list[int]:
        """Return the guild ids listed in DISCORD_GUILD_IDS, for instant command sync."""
        return [int(part) for part in self.discord_guild_ids.split(",") if part]

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    def configured_platforms(self) -> list[str]:
        """Return the platforms whose token is set, in start order."""
        platforms = []
        if self.discord_token and self.discord_token.get_secret_value():
            platforms.append("discord")
        if self.slack_bot_token and self.slack_bot_token.get_secret_value():
            platforms.append("slack")
        return platforms


def _secret_set(secret: SecretStr | None) -> bool:
    return secret is not None and bool(secret.get_secret_value())


class SettingsError(Exception):
    """A setting is invalid; the message is one line naming it."""


def load_settings(*, to_connect: bool = True, **overrides: object) -> Settings:
    """Build settings from the environment, `.env` and `overrides`, or raise SettingsError.

    With `to_connect`, every configured platform must also have what it needs to connect.
    """
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(_describe(error)) from None
    missing = settings.missing_platform_settings() if to_connect else None
    if missing is not None:
        raise SettingsError(f"incomplete settings: {missing}")
    return settings


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if not name:  # a rule across settings: its message names them
            problems.append(f"incomplete settings: {message}")
            continue
        problems.append(f"invalid setting {_ALIASES.get(name, name)}: {message}")
    return "; ".join(problems)


_ALIASES = {
    name: str(info.alias) for name, info in Settings.model_fields.items() if info.alias is not None
}
