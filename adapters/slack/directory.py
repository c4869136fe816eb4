"""Who is who on Slack: people (users.info) and their user groups, cached for a while.

Every interaction needs its actor's level, name and time zone, which Slack sends only through
`users.info`; user groups give `/setup role` its Slack meaning. Both are cached so a busy channel
does not cost a Web API call per message.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import calling_slack, error_code
from adapters.slack.inbound import actor_from_user
from bot.errors import NotFoundError, PlatformRefused
from bot.events import Actor
from bot.i18n import _
from bot.refs import UserRef

log = logging.getLogger(__name__)

PEOPLE_SECONDS = 600.0
GROUPS_SECONDS = 300.0
SLACKBOT = "USLACKBOT"


@dataclass(frozen=True, slots=True)
class Installation:
    """The app's own user, and the workspace (or, org-wide, the enterprise) it serves."""

    bot_user_id: str
    team_id: str
    enterprise_id: str
    org_wide: bool

    def serves(self, team_id: str | None, enterprise_id: str | None) -> bool:
        """Return whether a payload from this workspace and enterprise is for this install."""
        if team_id is None and enterprise_id is None:
            return True  # Slack's own checks (url_verification, ssl_check) name no workspace
        if self.org_wide:
            return enterprise_id == self.enterprise_id
        return team_id == self.team_id


class Directory:
    """Looks people up, remembering what it learned for a few minutes."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._people: dict[str, tuple[float, dict[str, Any]]] = {}
        self._groups: tuple[float, dict[str, frozenset[str]]] | None = None
        self._identity: Installation | None = None

    async def bot_user_id(self) -> str:
        """Return the app's own user id (from auth.test, once)."""
        return (await self.installation()).bot_user_id

    async def installation(self) -> Installation:
        """Return where the bot token is installed and who the app is (auth.test, once)."""
        if self._identity is None:
            identity = await self._client.auth_test()
            self._identity = Installation(
                bot_user_id=str(identity["user_id"]),
                team_id=str(identity.get("team_id") or ""),
                enterprise_id=str(identity.get("enterprise_id") or ""),
                org_wide=bool(identity.get("is_enterprise_install")),
            )
        return self._identity

    async def actor(self, user_id: str) -> Actor:
        """Return the person behind `user_id`, as the core sees them."""
        user = await self._user(user_id)
        if user is None:
            return Actor(UserRef("slack", user_id), user_id)
        return actor_from_user(user, await self._groups_of(user_id))

    async def find(self, user_id: str) -> Actor | None:
        """Return the person behind `user_id`, or None when Slack does not know them."""
        user = await self._user(user_id)
        if user is None:
            return None
        return actor_from_user(user, await self._groups_of(user_id))

    async def group_members(self, group_id: str) -> list[str]:
        """Return who is in a user group now (usergroups.users.list), bots and leavers dropped.

        The app itself and Slackbot are always dropped; other bots and deactivated accounts
        are dropped where the directory has looked them up (`users.info`, cached): looking up
        every member of a large group would cost a call each.
        """
        listed = await calling_slack(
            _("list the user group's members"), self._group_users(group_id)
        )
        own = await self.bot_user_id()
        return [
            user_id
            for user_id in (str(user) for user in listed.get("users") or [])
            if user_id not in (own, SLACKBOT) and not self._known_gone_or_bot(user_id)
        ]

    async def _group_users(self, group_id: str) -> Any:
        installation = await self.installation()
        team = installation.team_id if installation.org_wide else None
        try:
            return await self._client.usergroups_users_list(usergroup=group_id, team_id=team)
        except SlackApiError as error:
            code = error_code(error)
            if code == "no_such_subteam":
                raise NotFoundError(
                    _("The user group {group} does not exist in this workspace (any more).").format(
                        group=group_id
                    )
                ) from error
            if code == "plan_upgrade_required":
                raise PlatformRefused(
                    _(
                        "This Slack workspace has no user groups: they come with Slack's paid "
                        "plans. Name members one by one instead."
                    )
                ) from error
            raise

    def _known_gone_or_bot(self, user_id: str) -> bool:
        cached = self._people.get(user_id)
        if cached is None:
            return False
        user = cached[1]
        return bool(user.get("is_bot") or user.get("deleted"))

    async def _user(self, user_id: str) -> dict[str, Any] | None:
        cached = self._people.get(user_id)
        if cached is not None and time.monotonic() - cached[0] < PEOPLE_SECONDS:
            return cached[1]
        try:
            # The locale (`es-ES`) comes only when asked for: private answers follow it.
            found = await self._client.users_info(user=user_id, include_locale=True)
        except SlackApiError as error:
            log.warning("users.info failed for %s: %s", user_id, error_code(error))
            return None
        user: dict[str, Any] = found["user"]
        self._people[user_id] = (time.monotonic(), user)
        return user

    async def _groups_of(self, user_id: str) -> frozenset[str]:
        if self._groups is None or time.monotonic() - self._groups[0] > GROUPS_SECONDS:
            self._groups = (time.monotonic(), await self._members_by_group())
        return frozenset(group for group, members in self._groups[1].items() if user_id in members)

    async def _members_by_group(self) -> dict[str, frozenset[str]]:
        try:
            listed = await self._client.usergroups_list(include_users=True)
        except SlackApiError as error:
            # Free workspaces have no user groups; /setup role then works with members only.
            log.info("no user groups: %s", error_code(error))
            return {}
        return {
            str(group["id"]): frozenset(group.get("users") or [])
            for group in listed.get("usergroups") or []
        }
