"""One Slack app in many workspaces: slack-sdk's stores on the bot's database, a client each.

The OAuth flow (slack-bolt's, in `oauth.py`) saves each installation in slack-sdk's
`AsyncSQLAlchemyInstallationStore`; its tables come from migration 0016. `InstalledWorkspaces`
turns a workspace's stored bot token into a Web API client and a directory, kept while the
process runs, and finds the workspace of a channel or person: first from what Slack's requests
showed (every request names its workspace, channel and person), then by asking each installed
workspace (`conversations.info`, `users.info`) once. A workspace that uninstalled the app is
forgotten here and no longer served.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import sqlalchemy as sa
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.slack.directory import Directory
from adapters.slack.errors import error_code
from adapters.slack.workspaces import Workspace
from bot.errors import PlatformError
from bot.i18n import _

log = logging.getLogger(__name__)

STATE_SECONDS = 600  # how long an OAuth state (one install attempt) stays valid
_NOT_HERE = {"channel_not_found", "user_not_found", "not_in_channel", "invalid_auth"}


@dataclass(frozen=True, slots=True)
class Stores:
    """slack-sdk's installation and OAuth state stores, on one engine of the bot's database."""

    engine: AsyncEngine
    installations: AsyncSQLAlchemyInstallationStore
    states: AsyncSQLAlchemyOAuthStateStore

    async def close(self) -> None:
        """Close the engine."""
        await self.engine.dispose()


STORE_POOL, STORE_OVERFLOW = 2, 3


def open_stores(database_url: str, client_id: str) -> Stores:
    """Return the stores on `database_url` (the bot's own); migration 0016 made their tables.

    Their engine keeps a small pool (two connections, three more at a burst): each process
    has one beside the bot's own, and several processes share the server's connection limit.
    """
    engine = create_async_engine(
        database_url, pool_pre_ping=True, pool_size=STORE_POOL, max_overflow=STORE_OVERFLOW
    )
    return Stores(
        engine,
        AsyncSQLAlchemyInstallationStore(client_id=client_id, engine=engine, logger=log),
        AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine, logger=log),
    )


class WorkspaceGone(PlatformError):
    """The workspace has no installation (any more): nothing can be done there."""


class InstalledWorkspaces:
    """The workspaces the app is installed in, each with its own bot token."""

    def __init__(
        self, store: AsyncSQLAlchemyInstallationStore, client_for: Callable[[str], AsyncWebClient]
    ) -> None:
        self._store = store
        self._client_for = client_for
        self._open: dict[str, Workspace] = {}
        self._where: dict[str, str] = {}  # channel or user id -> team id
        self._gone: set[str] = set()

    @property
    def many(self) -> bool:
        """Return True: one app, many workspaces."""
        return True

    async def team(self, team_id: str) -> Workspace:
        """Return the workspace with the bot token of its newest installation."""
        opened = self._open.get(team_id)
        if opened is not None:
            return opened
        token = await self._bot_token(team_id)
        if token is None:
            self._gone.add(team_id)
            log.warning("Slack workspace %s has no installation: nothing is done there", team_id)
            raise WorkspaceGone(_("Cohort is not installed in this Slack workspace (any more)."))
        client = self._client_for(token)
        workspace = Workspace(team_id, client, Directory(client))
        self._open[team_id] = workspace
        self._gone.discard(team_id)
        return workspace

    async def of_channel(self, channel_id: str) -> Workspace:
        """Return the workspace of a channel, asking each installed one when it is not known."""
        return await self._of(channel_id, _is_channel)

    async def of_user(self, user_id: str) -> Workspace:
        """Return the workspace of a person, asking each installed one when it is not known."""
        return await self._of(user_id, _is_user)

    def learn(self, team_id: str, *ids: str) -> None:
        """Remember the workspace of these channel and user ids (Slack's ids are unique)."""
        if team_id:
            for some_id in ids:
                if some_id:
                    self._where[some_id] = team_id

    def serves(self, team_id: str) -> bool:
        """Return False for a workspace known to have uninstalled the app."""
        return team_id not in self._gone

    def forget(self, team_id: str) -> None:
        """Stop serving `team_id` (uninstalled): drop its client and what was learned of it."""
        self._open.pop(team_id, None)
        self._gone.add(team_id)
        self._where = {key: team for key, team in self._where.items() if team != team_id}

    async def installed_teams(self) -> list[str]:
        """Return the workspaces that have a bot token, oldest installation first."""
        bots = self._store.bots
        query = (
            sa.select(bots.c.team_id)
            .where(
                bots.c.client_id == self._store.client_id,
                bots.c.bot_token.is_not(None),
                bots.c.team_id.is_not(None),
            )
            .group_by(bots.c.team_id)
            .order_by(sa.func.min(bots.c.installed_at))
        )
        async with self._store.engine.connect() as connection:
            return [str(team) for team in (await connection.execute(query)).scalars()]

    async def _bot_token(self, team_id: str) -> str | None:
        bot = await self._store.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            bot = await self._store.async_find_bot(
                enterprise_id=await self._enterprise_of(team_id), team_id=team_id
            )
        return None if bot is None else bot.bot_token

    async def _enterprise_of(self, team_id: str) -> str | None:
        bots = self._store.bots
        query = sa.select(bots.c.enterprise_id).where(
            bots.c.client_id == self._store.client_id, bots.c.team_id == team_id
        )
        async with self._store.engine.connect() as connection:
            return (await connection.execute(query.limit(1))).scalar()

    async def _of(self, some_id: str, holds: _Holds) -> Workspace:
        team_id = self._where.get(some_id)
        if team_id is not None:
            return await self.team(team_id)
        for candidate in await self.installed_teams():
            if candidate in self._gone:
                continue
            workspace = await self.team(candidate)
            if await holds(workspace.client, some_id):
                self.learn(candidate, some_id)
                return workspace
        raise PlatformError(
            _("could not find {thing} in any Slack workspace Cohort is installed in").format(
                thing=some_id
            )
        )


_Holds = Callable[[AsyncWebClient, str], Awaitable[bool]]


async def _is_channel(client: AsyncWebClient, channel_id: str) -> bool:
    try:
        await client.conversations_info(channel=channel_id)
    except SlackApiError as error:
        if error_code(error) in _NOT_HERE:
            return False
        raise
    return True


async def _is_user(client: AsyncWebClient, user_id: str) -> bool:
    try:
        await client.users_info(user=user_id)
    except SlackApiError as error:
        if error_code(error) in _NOT_HERE:
            return False
        raise
    return True
