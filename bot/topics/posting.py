"""How a topic post reads, and the thread its discussion grows in."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.errors import PlatformError
from bot.i18n import _
from bot.messages import OutboundMessage
from bot.platform import Capability, Platform
from bot.refs import MessageRef
from bot.topics.choice import NextTopic

log = logging.getLogger(__name__)

THREAD_TITLE_LENGTH = 80


@dataclass(frozen=True, slots=True)
class PostedTopic:
    """A topic that was posted: where, the message its thread grows from, and its week."""

    text: str
    message: MessageRef
    thread_opened: bool
    week: int | None = None


def topic_message(upcoming: NextTopic) -> OutboundMessage:
    """Return the post of a topic: `Week N` on a line above it in a numbered week of a term.

    The neutral message is plain text (Discord and Slack mark bold up differently), so the
    week is a line of its own rather than a bold one.
    """
    text = _("💬 Discussion topic: {text}").format(text=upcoming.text)
    if upcoming.week is None:
        return OutboundMessage(text)
    return OutboundMessage("\n".join([_("Week {number}").format(number=upcoming.week), text]))


async def open_thread(platform: Platform, message: MessageRef, topic: str) -> bool:
    """Open the discussion thread under a posted topic, where the platform has threads."""
    if Capability.THREADS not in platform.capabilities:
        return False
    title = topic.splitlines()[0][:THREAD_TITLE_LENGTH]
    try:
        await platform.open_thread(message, title)
    except PlatformError as error:
        # The topic is posted and recorded; posting it again would be a duplicate.
        log.warning("posted a topic but could not open its thread: %s", error)
        return False
    return True
