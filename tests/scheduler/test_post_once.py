"""A scheduled post is made once, also when its response was lost or its process died after
the platform accepted it: the post's reference is kept on the occurrence at once, and a retry
or a takeover completes with it (or finds the post by its key) instead of posting again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from adapters.console.platform import ConsolePlatform
from adapters.console.session import ConsoleSession
from bot.app import App
from bot.clock import VirtualClock
from bot.errors import PlatformError
from bot.messages import OutboundMessage
from bot.refs import ChannelRef, MessageRef
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import TopicPost
from scheduler.ledger import DONE, Ledger
from scheduler.runner import LEASE
from tests.console.test_session import say_all
from tests.scheduler.test_exactly_once import (
    WEDNESDAY_18,
    process,
    schedule_wednesdays,
    statuses,
    topic_posts,
)
from tests.scheduler.test_retries import ledger_statuses


class LostResponses:
    """The console platform, except that the next `lost` posts in `channel` are made but their
    response never arrives (the connection drops after the platform accepted them)."""

    def __init__(self, inner: ConsolePlatform, channel: str, lost: int) -> None:
        self.inner = inner
        self.channel = channel
        self.lost = lost

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def post(
        self, channel: ChannelRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        posted = await self.inner.post(channel, message, key=key)
        if channel.id == self.channel and self.lost > 0:
            self.lost -= 1
            raise PlatformError("could not post: the connection was dropped", retryable=True)
        return posted


async def test_a_topic_post_whose_response_was_lost_is_not_posted_again(
    console: ConsoleSession, app: App
) -> None:
    await app.attach(LostResponses(console.platform, "topics", lost=1))  # type: ignore[arg-type]
    await say_all(
        console,
        "@hana is admin",
        "@hana: /topic add Lost and found",
        "@hana: /topic schedule #topics wed 18:00",
    )
    records = await console.say("time 2026-01-07 18:30")
    assert len(topic_posts(records)) == 1  # the retry at 18:01 found it instead of posting
    assert await ledger_statuses(app) == [DONE]
    assert topic_posts(await console.say("time +1d")) == []


async def test_a_digest_whose_response_was_lost_is_not_posted_again(
    console: ConsoleSession, app: App
) -> None:
    await app.attach(LostResponses(console.platform, "hosts", lost=1))  # type: ignore[arg-type]
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup channel hosts #hosts",
        "@hana: /stats digest mon 09:00",
    )
    records = await console.say("time 2026-01-05 10:00")
    digests = [r for r in records if r.to == "#hosts" and "digest" in (r.text or "")]
    assert len(digests) == 1


async def test_a_process_that_died_after_posting_is_completed_without_posting_again(
    settings: Settings, any_database: Database
) -> None:
    schedule_id = await schedule_wednesdays(settings, any_database)
    crashed = Ledger(any_database, VirtualClock(WEDNESDAY_18), LEASE)
    occurrence_id = await crashed.claim(schedule_id, WEDNESDAY_18)
    assert occurrence_id is not None
    await crashed.keep_message(occurrence_id, "m-posted")  # ...then it died before recording
    async with process(settings, any_database, WEDNESDAY_18 + timedelta(minutes=30)) as started:
        assert topic_posts(started.caught_up) == []
    assert await statuses(any_database, schedule_id) == [(WEDNESDAY_18, DONE)]
    async with any_database.reading() as connection:
        posts = (await connection.execute(select(TopicPost.message_external_id))).all()
    assert [row[0] for row in posts] == ["m-posted"]  # its replies are counted as usual
