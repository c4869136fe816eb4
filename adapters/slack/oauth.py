"""One app, many workspaces: slack-bolt's OAuth settings, and what an uninstall stops.

Installing adds the workspace's bot token to slack-sdk's installation store (bolt's flow, served
by `http_mode.OAuthPages`); bolt's authorization then gives each request the client of its
workspace, and `InstalledWorkspaces` gives the platform the same token for the bot's own calls.
`app_uninstalled` deletes the workspace's installation and `tokens_revoked` (the bot's token)
its bot token, both through bolt's own listeners; then the workspace is no longer served here:
nothing is posted there and its scheduled work is skipped. Its community's data stays until
`cohort community forget slack <team id>`.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

from adapters.slack.installations import InstalledWorkspaces, Stores
from adapters.slack.manifest import BOT_SCOPES, REDIRECT_PATH
from adapters.slack.settings import SlackSettings

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"


def oauth_settings(settings: SlackSettings, stores: Stores) -> AsyncOAuthSettings:
    """Return bolt's OAuth settings: the manifest's bot scopes, the stores on our database."""
    secret = settings.slack_client_secret
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=secret.get_secret_value() if secret else None,
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.slack_redirect_url,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=stores.installations,
        installation_store_bot_only=True,
        state_store=stores.states,
    )


class Uninstalls:
    """Stops a workspace's work when it uninstalls the app or revokes the bot's token."""

    def __init__(self, stores: Stores, workspaces: InstalledWorkspaces) -> None:
        self._revocations = AsyncTokenRevocationListeners(stores.installations)
        self._workspaces = workspaces

    def register(self, bolt: AsyncApp) -> None:
        """Listen for `app_uninstalled` and `tokens_revoked`."""
        bolt.event("app_uninstalled")(self.on_uninstalled)
        bolt.event("tokens_revoked")(self.on_revoked)

    async def on_uninstalled(self, context: AsyncBoltContext) -> None:
        """Delete the workspace's installation; serve it no more."""
        await self._revocations.handle_app_uninstalled_events(context)
        self._stop(context.team_id, "uninstalled the app")

    async def on_revoked(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        """Delete revoked tokens; without the bot's, serve the workspace no more."""
        await self._revocations.handle_tokens_revoked_events(event, context)
        if (event.get("tokens") or {}).get("bot"):
            self._stop(context.team_id, "revoked the bot's token")

    def _stop(self, team_id: str | None, why: str) -> None:
        if team_id:
            self._workspaces.forget(team_id)
            log.warning(
                "Slack workspace %s %s: nothing more is done there; its data stays until "
                "`cohort community forget slack %s`",
                team_id,
                why,
                team_id,
            )
