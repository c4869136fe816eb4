"""Which workspace a Web API call is for, and that workspace's client and directory.

With `SLACK_BOT_TOKEN` there is one workspace (`OneWorkspace`). An app installed in many
workspaces (`adapters/slack/installations.py`) has one bot token per workspace: every call must
go out with the token of the workspace that holds its channel or person. The port names a
community for some calls (`member`, `role_members`, a platform bound to one community) and only
a channel or a person for others, so both can be asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.directory import Directory


@dataclass(frozen=True, slots=True)
class Workspace:
    """One workspace's Web API client (its bot token) and its directory of people."""

    team_id: str
    client: AsyncWebClient
    directory: Directory


class Workspaces(Protocol):
    """Finds the workspace a call is for."""

    @property
    def many(self) -> bool:
        """Return whether this app serves many workspaces (installed through OAuth)."""

    async def team(self, team_id: str) -> Workspace:
        """Return the workspace `team_id` (PlatformError when it is not installed)."""

    async def of_channel(self, channel_id: str) -> Workspace:
        """Return the workspace that holds the channel (or DM) `channel_id`."""

    async def of_user(self, user_id: str) -> Workspace:
        """Return the workspace of the person `user_id`."""

    def learn(self, team_id: str, *ids: str) -> None:
        """Remember that these channel and user ids belong to the workspace `team_id`."""

    def serves(self, team_id: str) -> bool:
        """Return whether the workspace may still be served (False once known uninstalled)."""


class OneWorkspace:
    """The single-token mode: every call goes to the one workspace of SLACK_BOT_TOKEN."""

    def __init__(self, client: AsyncWebClient, directory: Directory | None = None) -> None:
        self._workspace = Workspace("", client, directory or Directory(client))

    @property
    def many(self) -> bool:
        """Return False: one workspace."""
        return False

    async def team(self, team_id: str) -> Workspace:
        """Return the one workspace."""
        return self._workspace

    async def of_channel(self, channel_id: str) -> Workspace:
        """Return the one workspace."""
        return self._workspace

    async def of_user(self, user_id: str) -> Workspace:
        """Return the one workspace."""
        return self._workspace

    def learn(self, team_id: str, *ids: str) -> None:
        """Remember nothing: there is nothing to choose between."""

    def serves(self, team_id: str) -> bool:
        """Return True: the gate already keeps other workspaces out."""
        return True
