"""Purging recent messages: in bulk while Discord allows it, one by one beyond.

Discord's bulk delete takes 2 to 100 messages, all younger than 14 days; older messages must be
deleted one at a time (and slowly: Discord rate-limits that route hard).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import discord

from adapters.discord.errors import calling_discord
from bot.errors import PlatformError
from bot.i18n import _
from bot.refs import ChannelRef, MessageRef, UserRef

BULK_LIMIT = 100
# A margin inside Discord's 14 days, so a message does not age out between listing and deleting.
BULK_MAX_AGE = timedelta(days=14) - timedelta(minutes=5)
PAGE = 100
MAX_SCANNED = 1000
PLATFORM = "discord"


async def purge_messages(
    http: discord.http.HTTPClient, channel: ChannelRef, count: int, author: UserRef | None
) -> list[MessageRef]:
    """Delete the newest `count` messages in `channel` (only `author`'s if given)."""
    ids = await _recent_ids(http, channel.id, count, author)
    cutoff = discord.utils.utcnow() - BULK_MAX_AGE
    young = [i for i in ids if discord.utils.snowflake_time(int(i)) > cutoff]
    old = [i for i in ids if i not in set(young)]
    deleted: list[str] = []
    for start in range(0, len(young), BULK_LIMIT):
        chunk: list[str | int] = list(young[start : start + BULK_LIMIT])
        if len(chunk) == 1:
            old.insert(0, str(chunk[0]))
            continue
        await calling_discord(_("delete those messages"), http.delete_messages(channel.id, chunk))
        deleted += [str(message_id) for message_id in chunk]
    for message_id in old:
        if await _delete_one(http, channel.id, message_id):
            deleted.append(message_id)
    order = {message_id: index for index, message_id in enumerate(ids)}
    deleted.sort(key=order.__getitem__)
    return [MessageRef(PLATFORM, channel.id, message_id) for message_id in deleted]


async def _recent_ids(
    http: discord.http.HTTPClient, channel_id: str, count: int, author: UserRef | None
) -> list[str]:
    ids: list[str] = []
    before: str | None = None
    scanned = 0
    while len(ids) < count and scanned < MAX_SCANNED:
        page: list[Any] = await calling_discord(
            _("read the channel's messages"), http.logs_from(channel_id, PAGE, before=before)
        )
        if not page:
            break
        scanned += len(page)
        before = str(page[-1]["id"])
        ids += [
            str(message["id"])
            for message in page
            if author is None or str(message.get("author", {}).get("id")) == author.id
        ]
    return ids[:count]


async def _delete_one(http: discord.http.HTTPClient, channel_id: str, message_id: str) -> bool:
    try:
        await calling_discord(_("delete the message"), http.delete_message(channel_id, message_id))
    except PlatformError as error:
        if isinstance(error.__cause__, discord.NotFound):
            return False  # someone deleted it meanwhile: that is what we wanted
        raise
    return True
