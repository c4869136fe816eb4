"""Posting on Slack: `chat.postMessage` with an idempotency key, and response-URL answers.

A post made with a key carries it in its message metadata (event type `cohort_post`). When the
answer to `chat.postMessage` is lost (`answer_lost`), Slack may have posted it anyway, so the
conversation's newest messages are searched for the key before the error goes up for a retry.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.blocks import message_arguments
from adapters.slack.errors import answer_lost, calling_slack
from bot.errors import PlatformError
from bot.i18n import _
from bot.messages import OutboundMessage
from bot.refs import MessageRef

PLATFORM = "slack"
KEY_EVENT = "cohort_post"
"""The metadata event type of posts made with an idempotency key (the key in its payload)."""
KEY_LOOKBACK = 50
"""How many of a channel's newest messages are searched for a post whose answer was lost."""


async def post_message(
    client: AsyncWebClient,
    channel_id: str,
    message: OutboundMessage,
    what: str,
    *,
    key: str | None = None,
    **extra: Any,
) -> MessageRef:
    """Post `message` in `channel_id`; with `key`, find it again if the answer was lost."""
    if key is not None:
        extra["metadata"] = {"event_type": KEY_EVENT, "event_payload": {"key": key}}
    try:
        sent = await calling_slack(
            what,
            client.chat_postMessage(channel=channel_id, **message_arguments(message), **extra),
        )
    except PlatformError as error:
        if key is None or not answer_lost(error):
            raise
        # Slack may have posted it before the answer was lost: look before anyone resends.
        found = await find_keyed(client, channel_id, key)
        if found is None:
            raise
        return found
    return MessageRef(PLATFORM, str(sent["channel"]), str(sent["ts"]))


async def find_keyed(client: AsyncWebClient, channel_id: str, key: str) -> MessageRef | None:
    """Return the app's recent message in `channel_id` whose metadata carries `key`, if any."""
    history = await calling_slack(
        _("read the channel"),
        client.conversations_history(
            channel=channel_id, limit=KEY_LOOKBACK, include_all_metadata=True
        ),
    )
    for found in history["messages"]:
        metadata = found.get("metadata") or {}
        if (
            metadata.get("event_type") == KEY_EVENT
            and (metadata.get("event_payload") or {}).get("key") == key
        ):
            return MessageRef(PLATFORM, channel_id, str(found["ts"]))
    return None


async def answer_by_url(url: str, message: OutboundMessage, *, private: bool) -> None:
    """Answer a command or button through its response URL (ephemeral or in the channel)."""
    webhook = AsyncWebhookClient(url)
    response = await calling_slack(
        _("answer"),
        webhook.send_dict(
            {
                **message_arguments(message),
                "response_type": "ephemeral" if private else "in_channel",
                "replace_original": False,
            }
        ),
    )
    if response.status_code >= 300:
        retryable = response.status_code >= 500 or response.status_code == 429
        said = _("could not {action}: Slack said {code}").format(
            action=_("answer"), code=response.body
        )
        raise PlatformError(said, retryable=retryable)
