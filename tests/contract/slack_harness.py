"""The Slack adapter under the contract suite: the fake Slack is the server that observes.

The platform under test is the real `SlackPlatform` on slack-sdk's async client, talking to the
fake Web API over loopback (with an admin user token, so deleting members' messages is in
scope). What the bot did is read back from the calls the fake answered `ok`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from adapters.slack.blocks import buttons_of, fields_of, unescape
from adapters.slack.platform import SlackPlatform
from adapters.slack.serve import web_client
from adapters.slack.settings import SlackSettings
from bot.messages import Form, FormField
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, RoleRef, UserRef
from tests.adapters.slack.fake_slack import FakeSlack, RecordedCall
from tests.contract.harness import Kind, Observation

PLATFORM = "slack"


class SlackHarness:
    """A `SlackPlatform` connected to a fake Slack."""

    def __init__(self, fake: FakeSlack, platform: SlackPlatform) -> None:
        self.fake = fake
        self._platform = platform
        self._seen = 0
        self._askers: dict[str, UserRef] = {}

    @property
    def platform(self) -> SlackPlatform:
        """Return the Slack platform."""
        return self._platform

    @property
    def community(self) -> CommunityRef:
        """Return the fake workspace."""
        return CommunityRef(PLATFORM, self.fake.workspace.team_id)

    @property
    def channel(self) -> ChannelRef:
        """Return #general."""
        return ChannelRef(PLATFORM, self.fake.workspace.general)

    def user(self, name: str) -> UserRef:
        """Return the person called `name`, adding them to the workspace."""
        return UserRef(PLATFORM, self.fake.workspace.add_user(name))

    @property
    def bot_user(self) -> UserRef:
        """Return the app's bot user."""
        return UserRef(PLATFORM, self.fake.workspace.bot_user_id)

    async def role(self, name: str, holders: Sequence[UserRef]) -> RoleRef:
        """Add a user group with `holders` in it."""
        return RoleRef(PLATFORM, self.fake.workspace.add_group(name, [h.id for h in holders]))

    def unknown_role(self) -> RoleRef:
        """Return a user group id the workspace does not have."""
        return RoleRef(PLATFORM, "S0NOSUCH")

    async def interaction(self, user: UserRef, channel: ChannelRef) -> InteractionRef:
        """Return a slash command's interaction: its trigger id and response URL."""
        token = uuid.uuid4().hex
        self._askers[token] = user
        return InteractionRef(
            PLATFORM, f"trigger.{token}", self.fake.response_url(token), channel, user
        )

    async def member_message(self, user: UserRef, channel: ChannelRef, text: str) -> MessageRef:
        """Store a member's message in the fake."""
        stored = self.fake.workspace.store(channel.id, user.id, text)
        return MessageRef(PLATFORM, channel.id, stored.ts)

    def unknown_message(self) -> MessageRef:
        """Return a timestamp no message in #general has."""
        return MessageRef(PLATFORM, self.fake.workspace.general, "1000000000.000001")

    async def observed(self) -> list[Observation]:
        """Return what the bot did since the last call, from the calls the fake answered ok."""
        fresh, self._seen = self.fake.calls[self._seen :], len(self.fake.calls)
        found: list[Observation] = []
        for call in fresh:
            seen = self._observe(call) if call.ok else None
            if seen is not None and not _repeats(found, seen):
                found.append(seen)
        return found

    def _observe(self, call: RecordedCall) -> Observation | None:
        arguments = call.arguments
        if call.method == "chat.postMessage":
            return self._posted(call)
        if call.method == "response_url":
            return self._answered(arguments)
        if call.method == "chat.postEphemeral":
            users = frozenset({UserRef(PLATFORM, arguments["user"])})
            return Observation(Kind.EPHEMERAL, users=users, **_content(arguments))
        if call.method in ("chat.update", "chat.delete"):
            message = MessageRef(PLATFORM, arguments["channel"], arguments["ts"])
            if call.method == "chat.delete":
                return Observation(Kind.DELETE, message=message)
            return Observation(Kind.EDIT, message=message, **_content(arguments))
        if call.method == "conversations.kick":
            return Observation(Kind.KICK, users=frozenset({UserRef(PLATFORM, arguments["user"])}))
        if call.method == "views.open":
            token = arguments["trigger_id"].removeprefix("trigger.")
            users = frozenset({self._askers[token]})
            return Observation(Kind.FORM, users=users, form=_form(arguments["view"]))
        return None

    def _posted(self, call: RecordedCall) -> Observation:
        workspace = self.fake.workspace
        channel_id = call.answer["channel"]
        message = MessageRef(PLATFORM, channel_id, call.answer["ts"])
        content = _content(call.arguments)
        channel = workspace.channels[channel_id]
        people = frozenset(
            UserRef(PLATFORM, person)
            for person in channel["members"]
            if person != workspace.bot_user_id
        )
        if channel["is_im"]:
            return Observation(Kind.DM, message=message, users=people, **content)
        if channel["is_mpim"]:
            return Observation(Kind.GROUP, message=message, users=people, **content)
        thread = call.arguments.get("thread_ts")
        if thread:
            root = MessageRef(PLATFORM, channel_id, thread)
            return Observation(Kind.THREAD, message=message, thread_root=root, **content)
        return Observation(
            Kind.POST, message=message, channel=ChannelRef(PLATFORM, channel_id), **content
        )

    def _answered(self, arguments: dict[str, Any]) -> Observation:
        asker = self._askers[arguments["response_token"]]
        if arguments.get("response_type") == "ephemeral":
            return Observation(Kind.EPHEMERAL, users=frozenset({asker}), **_content(arguments))
        return Observation(Kind.REPLY, channel=self.channel, **_content(arguments))


def _repeats(found: list[Observation], seen: Observation) -> bool:
    # Slack has no workspace kick: removal is one conversations.kick per channel.
    return seen.kind == Kind.KICK and bool(found) and found[-1] == seen


def _content(arguments: dict[str, Any]) -> dict[str, Any]:
    blocks = arguments.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return {
        "text": unescape(str(arguments.get("text") or "")),
        "fields": fields_of(blocks),
        "buttons": buttons_of(blocks),
    }


def _form(view: dict[str, Any]) -> Form:
    fields = []
    for block in view["blocks"]:
        element = block["element"]
        fields.append(
            FormField(
                element["action_id"],
                block["label"]["text"],
                long=bool(element.get("multiline")),
                required=not block.get("optional", False),
                default=element.get("initial_value"),
                placeholder=(element.get("placeholder") or {}).get("text"),
                max_length=element.get("max_length", 4000),
            )
        )
    return Form(view["callback_id"], view["title"]["text"], tuple(fields))


@asynccontextmanager
async def slack_harness() -> AsyncIterator[SlackHarness]:
    """Start a fake Slack; yield the harness on a platform with bot and admin tokens."""
    async with FakeSlack() as fake:
        settings = SlackSettings(_env_file=None, SLACK_API_URL=fake.api_url)  # type: ignore[call-arg]
        platform = SlackPlatform(
            web_client(settings, fake.bot_token), web_client(settings, fake.admin_token)
        )
        yield SlackHarness(fake, platform)
