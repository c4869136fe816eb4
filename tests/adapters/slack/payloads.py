"""Slack's interactive payloads and events, shaped like the samples, for the fake workspace."""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from typing import Any

from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.fake_workspace import StoredMessage


def _who(fake: FakeSlack, user: str) -> dict[str, Any]:
    workspace = fake.workspace
    return {"id": workspace.user_id(user), "name": user, "team_id": workspace.team_id}


def _team(fake: FakeSlack) -> dict[str, Any]:
    return {"id": fake.workspace.team_id, "domain": "cohort-test"}


def button_press(
    fake: FakeSlack, user: str, message: StoredMessage, action_id: str
) -> dict[str, Any]:
    """Return a block_actions payload: `user` pressed a button on a stored message."""
    token = uuid.uuid4().hex
    return {
        "type": "block_actions",
        "user": _who(fake, user),
        "api_app_id": "A1",
        "token": "verification-token",
        "container": {"type": "message", "message_ts": message.ts, "channel_id": message.channel},
        "trigger_id": f"trigger.{token}",
        "team": _team(fake),
        "channel": {"id": message.channel, "name": "general"},
        "message": fake.workspace.payload(message),
        "response_url": fake.response_url(token),
        "actions": [
            {
                "action_id": action_id,
                "block_id": "buttons",
                "text": {"type": "plain_text", "text": "Button", "emoji": True},
                "value": action_id,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def view_submission(
    fake: FakeSlack, user: str, view: dict[str, Any], values: dict[str, str]
) -> dict[str, Any]:
    """Return a view_submission payload for a view the bot opened, with the values typed."""
    state = {
        key: {key: {"type": "plain_text_input", "value": value}} for key, value in values.items()
    }
    return {
        "type": "view_submission",
        "team": _team(fake),
        "user": _who(fake, user),
        "api_app_id": "A1",
        "token": "verification-token",
        "trigger_id": f"trigger.{uuid.uuid4().hex}",
        "view": {
            **view,
            "id": "V0001",
            "team_id": fake.workspace.team_id,
            "state": {"values": state},
        },
    }


def report_shortcut(
    fake: FakeSlack, user: str, message: StoredMessage, callback: str
) -> dict[str, Any]:
    """Return a message_action payload: `user` chose the report shortcut on a message."""
    token = uuid.uuid4().hex
    return {
        "type": "message_action",
        "token": "verification-token",
        "action_ts": f"{time.time():.6f}",
        "team": _team(fake),
        "user": _who(fake, user),
        "channel": {"id": message.channel, "name": "general"},
        "callback_id": callback,
        "trigger_id": f"trigger.{token}",
        "message_ts": message.ts,
        "message": {**fake.workspace.payload(message), "team": fake.workspace.team_id},
        "response_url": fake.response_url(token),
    }


def message_event(fake: FakeSlack, user: str, text: str) -> tuple[dict[str, Any], StoredMessage]:
    """Store a member's message in #general; return the `message` event and the message."""
    workspace = fake.workspace
    stored = workspace.store(workspace.general, workspace.user_id(user), text)
    event = {
        "type": "message",
        "channel": stored.channel,
        "user": stored.user,
        "text": text,
        "ts": stored.ts,
        "event_ts": stored.ts,
        "channel_type": "channel",
        "team": workspace.team_id,
    }
    return event, stored


def team_join(fake: FakeSlack, user: str) -> dict[str, Any]:
    """Return a team_join event for a new person."""
    workspace = fake.workspace
    return {"type": "team_join", "user": workspace.users[workspace.user_id(user)]}


def reaction_added(
    fake: FakeSlack, user: str, message: StoredMessage, emoji: str, at: datetime
) -> dict[str, Any]:
    """Return a `reaction_added` event: `user` reacts to a stored message at `at`."""
    workspace = fake.workspace
    return {
        "type": "reaction_added",
        "user": workspace.user_id(user),
        "reaction": emoji,
        "item_user": message.user,
        "item": {"type": "message", "channel": message.channel, "ts": message.ts},
        "event_ts": f"{at.timestamp():.6f}",
    }


def ephemeral_press(fake: FakeSlack, user: str, channel: str, action_id: str) -> dict[str, Any]:
    """Return a block_actions payload: `user` pressed a button on a private (ephemeral) answer.

    Slack keeps no copy of an ephemeral message, so the payload has no `message`: its container
    says `is_ephemeral`, as Slack sends it."""
    token = uuid.uuid4().hex
    return {
        "type": "block_actions",
        "user": _who(fake, user),
        "api_app_id": "A1",
        "token": "verification-token",
        "container": {
            "type": "message",
            "message_ts": fake.now_ts(),
            "channel_id": channel,
            "is_ephemeral": True,
        },
        "trigger_id": f"trigger.{token}",
        "team": _team(fake),
        "channel": {"id": channel, "name": "general"},
        "response_url": fake.response_url(token),
        "actions": [
            {
                "action_id": action_id,
                "block_id": "buttons",
                "text": {"type": "plain_text", "text": "Button", "emoji": True},
                "value": action_id,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
