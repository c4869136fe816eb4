"""A scheduled post that fails on the platform is retried with backoff, then reported."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import App
from bot.errors import PlatformError
from bot.messages import OutboundMessage
from bot.refs import ChannelRef, MessageRef
from scheduler.ledger import DONE, FAILED, Ledger
from scheduler.runner import LEASE
from tests.console.test_session import say_all


class FlakyTopics:
    """The console platform, except that posting in #topics fails the next `failures` times."""

    def __init__(self, inner: ConsolePlatform, failures: int) -> None:
        self.inner = inner
        self.failures = failures

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def post(
        self, channel: ChannelRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        if channel.id == "topics" and self.failures > 0:
            self.failures -= 1
            raise PlatformError("could not post: the platform answered 503", retryable=True)
        return await self.inner.post(channel, message, key=key)


async def scheduled(console: ConsoleSession, app: App, failures: int) -> FlakyTopics:
    flaky = FlakyTopics(console.platform, failures)
    await app.attach(flaky)  # type: ignore[arg-type]
    await say_all(
        console,
        "@hana is admin",
        "@hana: /setup channel hosts #hosts",
        "@hana: /topic add Retry me",
        "@hana: /topic schedule #topics wed 18:00",
    )
    return flaky


def topic_posts(records: list[Record]) -> list[Record]:
    return [r for r in records if r.kind == "post" and r.to == "#topics"]


async def ledger_statuses(app: App) -> list[str]:
    community_id = await app.services.communities.ensure(COMMUNITY)
    (info,) = await app.services.schedules.for_community(community_id)
    ledger = Ledger(app.database, app.services.clock, LEASE)
    return [status for _, status in await ledger.statuses(info.id)]


async def test_a_failed_post_is_retried_with_backoff_and_posted_once(
    console: ConsoleSession, app: App
) -> None:
    await scheduled(console, app, failures=2)
    assert topic_posts(await console.say("time 2026-01-07 18:05")) == []  # tried 18:00, 18:01
    (post,) = topic_posts(await console.say("time 2026-01-07 18:06"))
    assert post.at == datetime(2026, 1, 7, 18, 6, tzinfo=UTC)
    assert topic_posts(await console.say("time 2026-01-08 00:00")) == []
    assert await ledger_statuses(app) == [DONE]


async def test_a_post_that_keeps_failing_is_given_up_and_the_hosts_are_told_once(
    console: ConsoleSession, app: App
) -> None:
    flaky = await scheduled(console, app, failures=99)
    records = await console.say("time 2026-01-08 00:00")
    assert topic_posts(records) == []
    (note,) = [r for r in records if r.to == "#hosts"]
    assert "failed 5 times" in (note.text or "")
    assert "503" in (note.text or "")
    assert flaky.failures == 99 - 5
    assert await ledger_statuses(app) == [FAILED]
    flaky.failures = 0
    assert len(topic_posts(await console.say("time +7d"))) == 1
    assert await ledger_statuses(app) == [FAILED, DONE]
