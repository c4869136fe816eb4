"""The topics feature's scheduled work: each occurrence of a topic schedule posts a topic."""

from __future__ import annotations

from bot.occurrences import OccurrenceWork
from bot.platform import Platform
from bot.refs import ChannelRef
from bot.shared.schedules import ScheduleInfo
from bot.topics.service import TopicService


class TopicJob:
    """A topic schedule's occurrence: post the next topic in the schedule's channel."""

    def __init__(self, topics: TopicService) -> None:
        self._topics = topics

    async def post(self, info: ScheduleInfo, platform: Platform, done: OccurrenceWork) -> str:
        """Post the schedule's next topic; return the ledger's note."""
        channel = ChannelRef(info.platform, info.channel_id)
        posted = await self._topics.post_next(info.community_id, platform, channel, info.id, done)
        return f"posted {posted.message.id}"
