"""Bolt listeners: acknowledge within Slack's 3 seconds, translate, dispatch.

Each listener acks first (closing a form, or telling Slack a command arrived), then looks up the
actor, calls a pure translator from `inbound.py` and hands the event to the core's dispatcher.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.internals import extract_team_id

from adapters.slack import inbound
from adapters.slack.platform import SlackPlatform
from adapters.slack.workspaces import Workspace, Workspaces
from bot.events import Actor, Event
from bot.platform import Platform
from bot.port import Core
from bot.refs import CommunityRef

Ack = Callable[..., Awaitable[None]]
_ANY = re.compile(".*")


class SlackListeners:
    """Connects one bolt app to the core."""

    def __init__(
        self,
        core: Core[object],
        platform: SlackPlatform,
        workspaces: Workspaces,
        *,
        prefix: str,
    ) -> None:
        self._core = core
        self._platform = platform
        self._workspaces = workspaces
        self._prefix = prefix

    def register(self, bolt: AsyncApp) -> None:
        """Subscribe to commands, buttons, forms, the report and thanks shortcuts and events."""
        bolt.command(re.compile(rf"^/{re.escape(self._prefix)}[a-z]+$"))(self.on_command)
        bolt.action(_ANY)(self.on_action)
        bolt.view(_ANY)(self.on_view)
        bolt.shortcut(inbound.REPORT_CALLBACK)(self.on_report)
        bolt.shortcut(inbound.THANK_CALLBACK)(self.on_thank)
        bolt.event("message")(self.on_message)
        bolt.event("member_joined_channel")(self.on_joined)
        bolt.event("team_join")(self.on_joined)
        bolt.event("member_left_channel")(self.on_left)
        bolt.event("reaction_added")(self.on_reaction)

    async def on_command(self, ack: Ack, body: dict[str, Any]) -> None:
        """Run a slash command; its answer goes to the response URL."""
        await ack()
        actor = await self._actor(body)
        await self._dispatch(body, inbound.command_invoked(body, actor, prefix=self._prefix))

    async def on_action(self, ack: Ack, body: dict[str, Any]) -> None:
        """Handle a button press by its action id."""
        await ack()
        await self._dispatch(body, inbound.button_pressed(body, await self._actor(body)))

    async def on_view(self, ack: Ack, body: dict[str, Any]) -> None:
        """Handle a submitted form; the modal closes at once and the answer follows."""
        await ack()
        await self._dispatch(body, inbound.form_submitted(body, await self._actor(body)))

    async def on_report(self, ack: Ack, body: dict[str, Any]) -> None:
        """Handle "Report to moderators" from a message's menu."""
        await ack()
        await self._dispatch(body, inbound.message_reported(body, await self._actor(body)))

    async def on_thank(self, ack: Ack, body: dict[str, Any]) -> None:
        """Handle "Thank the author" from a message's menu, as `/thanks` naming the author."""
        await ack()
        await self._dispatch(body, inbound.thanks_invoked(body, await self._actor(body)))

    async def on_message(self, body: dict[str, Any]) -> None:
        """Count activity on members' messages (and pass edits on)."""
        event = body.get("event") or {}
        if event.get("bot_id") or not (event.get("user") or event.get("message")):
            return  # bots, and Slack's own notices, need no lookup
        team_id = str(body.get("team_id") or "")
        bot_user_id = await (await self._workspace(body)).directory.bot_user_id()
        actor = await self._actor(body)
        if event.get("subtype") == "message_changed":
            edited = inbound.message_edited(
                event, team_id=team_id, bot_user_id=bot_user_id, actor=actor
            )
            await self._dispatch(body, edited)
            return
        posted = inbound.message_posted(
            event, team_id=team_id, bot_user_id=bot_user_id, actor=actor
        )
        await self._dispatch(body, posted)

    async def on_joined(self, body: dict[str, Any]) -> None:
        """Record a member joining the workspace or a channel."""
        event = body.get("event") or {}
        if not inbound.user_id_of(body):
            return  # nobody to look up, nobody joined
        team_id = str(body.get("team_id") or "")
        actor = await self._actor(body)
        await self._dispatch(body, inbound.member_joined(event, team_id=team_id, actor=actor))

    async def on_left(self, body: dict[str, Any]) -> None:
        """Record a member leaving a channel (never the workspace: see `inbound.member_left`)."""
        event = body.get("event") or {}
        if not inbound.user_id_of(body):
            return
        team_id = str(body.get("team_id") or "")
        actor = await self._actor(body)
        await self._dispatch(body, inbound.member_left(event, team_id=team_id, actor=actor))

    async def on_reaction(self, body: dict[str, Any]) -> None:
        """Count a member's reaction as light participation."""
        event = body.get("event") or {}
        if not inbound.user_id_of(body):
            return
        team_id = str(body.get("team_id") or "")
        actor = await self._actor(body)
        await self._dispatch(body, inbound.reaction_added(event, team_id=team_id, actor=actor))

    async def _workspace(self, body: dict[str, Any]) -> Workspace:
        return await self._workspaces.team(extract_team_id(body) or "")

    async def _actor(self, body: dict[str, Any]) -> Actor:
        user_id = inbound.user_id_of(body) or ""
        team_id = extract_team_id(body) or ""
        self._workspaces.learn(team_id, user_id, *_channels_of(body))
        return await (await self._workspace(body)).directory.actor(user_id)

    async def _dispatch(self, body: dict[str, Any], event: Event | None) -> None:
        if event is None:
            return
        platform: Platform | None = self._platform
        if self._workspaces.many:
            team = CommunityRef(self._platform.name, extract_team_id(body) or "")
            platform = self._platform.serving(team)
        if platform is not None:
            await self._core.dispatch(event, platform)


def _channels_of(body: dict[str, Any]) -> list[str]:
    """Return the channel ids a request names (a command's, an event's, an interaction's)."""
    event = body.get("event") or {}
    found = [
        body.get("channel_id"),
        (body.get("channel") or {}).get("id") if isinstance(body.get("channel"), dict) else None,
        event.get("channel") if isinstance(event.get("channel"), str) else None,
    ]
    return [str(channel) for channel in found if channel]
