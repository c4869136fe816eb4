"""The Slack adapter's settings: its tokens, how Slack reaches the bot, the command prefix.

Two ways to run: one workspace with `SLACK_BOT_TOKEN` (Socket Mode or HTTP), or one app installed
in many workspaces with `SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET` (HTTP mode and Slack's OAuth
flow: each workspace's bot token comes from its installation).

Read from the environment and `.env` like the core's (`bot.settings`), with the same variable
names as always; `cohort run` and `cohort check` validate them at start-up.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, SecretStr, field_validator

from bot.settings import PlatformSettings, secret_set

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class SlackSettings(PlatformSettings):
    """What an operator configures for Slack; `.env.example` documents each one."""

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
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    slack_redirect_url: str | None = Field(default=None, alias="SLACK_REDIRECT_URL")

    @property
    def installs(self) -> bool:
        """Return whether the app is installed in workspaces through OAuth (SLACK_CLIENT_ID)."""
        return bool(self.slack_client_id)

    @field_validator("slack_mode", mode="before")
    @classmethod
    def _lower_mode(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("slack_command_prefix")
    @classmethod
    def _command_prefix(cls, value: str) -> str:
        if value and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,15}", value):
            raise ValueError(
                "use up to 16 lower-case letters, digits, - or _ (for example cohort-)"
            )
        return value

    @field_validator("slack_client_id", "slack_redirect_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("slack_redirect_url")
    @classmethod
    def _redirect_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be the public https://.../slack/oauth_redirect URL")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _slack_api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with https:// (or http:// for a local server)")
        return value if value.endswith("/") else value + "/"

    def configured(self) -> bool:
        """Return whether SLACK_BOT_TOKEN or SLACK_CLIENT_ID is set, so `cohort run` connects."""
        return secret_set(self.slack_bot_token) or self.installs

    def missing(self) -> str | None:
        """Return what Slack still needs to connect in its mode, or None."""
        if not self.configured():
            return None
        if self.installs:
            return self._missing_for_installs()
        if self.slack_mode == "socket" and not secret_set(self.slack_app_token):
            return (
                "SLACK_APP_TOKEN (xapp-...) is needed for Socket Mode; or set SLACK_MODE=http "
                "with SLACK_SIGNING_SECRET"
            )
        if self.slack_mode == "http" and not secret_set(self.slack_signing_secret):
            return "SLACK_SIGNING_SECRET is needed when SLACK_MODE=http"
        return None

    def _missing_for_installs(self) -> str | None:
        if secret_set(self.slack_bot_token):
            return "set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (many), not both"
        if not secret_set(self.slack_client_secret):
            return "SLACK_CLIENT_SECRET is needed with SLACK_CLIENT_ID"
        if self.slack_mode != "http":
            return "SLACK_CLIENT_ID (installs in many workspaces) needs SLACK_MODE=http"
        if not secret_set(self.slack_signing_secret):
            return "SLACK_SIGNING_SECRET is needed when SLACK_MODE=http"
        return None


PLATFORM_SETTINGS = SlackSettings
"""What `bot/cli.py` reads and validates for this platform, found by the package's name."""
