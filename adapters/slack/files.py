"""Files on Slack: the external upload flow, and moments each reader sees in their own zone.

`files_upload_v2` (slack-sdk) asks `files.getUploadURLExternal` for an upload URL, posts the
bytes there, then shares the file in the conversation with `files.completeUploadExternal`
(scope `files:write`). Files go by DM: the conversation with the person is opened first.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.errors import SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.mentions import own, unmarked
from adapters.slack.errors import calling_slack
from bot.errors import PlatformError
from bot.i18n import _
from bot.messages import OutboundFile
from bot.moments import in_zone


async def upload_to(client: AsyncWebClient, channel_id: str, file: OutboundFile) -> None:
    """Upload `file` into the conversation `channel_id` with its text as the comment."""
    try:
        await calling_slack(
            _("send a file"),
            client.files_upload_v2(
                channel=channel_id,
                filename=file.name,
                title=file.name,
                content=file.content,
                initial_comment=unmarked(file.text),
            ),
        )
    except SlackRequestError as error:  # the upload URL refused the bytes
        raise PlatformError(
            _("could not {action}: Slack refused the upload").format(action=_("send a file")),
            retryable=True,
        ) from error


def slack_time(moment: datetime, zone: str) -> str:
    """Return Slack's date markup: each reader sees the moment in their own zone; the
    fallback (older clients, notifications) names the community's zone. Marked as the bot's
    own markup, so rendering keeps it live (members' `<...>` is escaped)."""
    fallback = in_zone(moment, zone)
    return own(f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>")
