"""The topics feature's scheduled work: each occurrence of a topic schedule posts a topic."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import Clock
from bot.occurrences import OccurrenceWork
from bot.platform import Platform
from bot.recurrence import WeeklyRule
from bot.refs import ChannelRef
from bot.shared.schedules import ScheduleInfo
from bot.topics.service import TopicService


class TopicJob:
    """A topic schedule's occurrence: post its bank's next topic in the schedule's channel.

    A cohort's schedule posts from the cohort's bank, in the week of its term the occurrence
    falls in (the ledger only calls it in a numbered week, or any time without a term).
    """

    def __init__(self, topics: TopicService, clock: Clock) -> None:
        self._topics = topics
        self._clock = clock

    async def post(self, info: ScheduleInfo, platform: Platform, done: OccurrenceWork) -> str:
        """Post the schedule's next topic; return the ledger's note."""
        channel = ChannelRef(info.platform, info.channel_id)
        posted = await self._topics.post_next(
            info.community_id,
            platform,
            channel,
            info.id,
            done,
            cohort_id=info.cohort_id,
            at=latest_due(info.rule, self._clock.now()),
        )
        return f"posted {posted.message.id}"


def latest_due(rule: WeeklyRule, now: datetime) -> datetime:
    """Return the occurrence being done: the rule's newest due moment at or before `now`.

    A retry minutes later, or a catch-up after a restart, is still the week it was due in.
    """
    due = rule.due_between(now - timedelta(weeks=rule.every_weeks, days=1), now)
    return due[-1] if due else now
