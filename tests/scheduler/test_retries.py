"""A scheduled post that fails on the platform is retried with backoff, then reported."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import App
from bot.errors import PlatformError
from bot.messages import OutboundMessage
from bot.refs import ChannelRef, MessageRef
from scheduler.ledger import CLAIMED, DONE, FAILED, Entry, Ledger
from scheduler.runner import LEASE
from tests.console.test_session import say_all


class FlakyTopics:
    """The console platform, except that posting in #topics fails the next `failures` times."""

    def __init__(
        self, inner: ConsolePlatform, failures: int, error: Exception | None = None
    ) -> None:
        self.inner = inner
        self.failures = failures
        self.error = error or PlatformError(
            "could not post: the platform answered 503", retryable=True
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def post(
        self, channel: ChannelRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        if channel.id == "topics" and self.failures > 0:
            self.failures -= 1
            raise self.error
        return await self.inner.post(channel, message, key=key)


async def scheduled(
    console: ConsoleSession, app: App, failures: int, error: Exception | None = None
) -> FlakyTopics:
    flaky = FlakyTopics(console.platform, failures, error)
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


async def test_an_unexpected_error_is_retried_like_a_platform_fault_with_the_lease_extended(
    console: ConsoleSession, app: App
) -> None:
    await scheduled(console, app, failures=2, error=RuntimeError("a bug in the adapter"))
    assert topic_posts(await console.say("time 2026-01-07 18:00")) == []
    entry = await occurrence(app, datetime(2026, 1, 7, 18, 0, tzinfo=UTC))
    assert entry.status == CLAIMED
    assert entry.lease_until == datetime(2026, 1, 7, 18, 1, tzinfo=UTC) + LEASE  # the retry's
    assert topic_posts(await console.say("time 2026-01-07 18:05")) == []  # tried 18:01 too
    (post,) = topic_posts(await console.say("time 2026-01-07 18:06"))
    assert post.at == datetime(2026, 1, 7, 18, 6, tzinfo=UTC)
    assert await ledger_statuses(app) == [DONE]


async def test_an_unexpected_error_that_persists_fails_the_post_and_tells_the_hosts_why(
    console: ConsoleSession, app: App
) -> None:
    await scheduled(console, app, failures=99, error=RuntimeError("a bug in the adapter"))
    records = await console.say("time 2026-01-08 00:00")
    (note,) = [r for r in records if r.to == "#hosts"]
    assert "failed 5 times" in (note.text or "")
    assert "a bug in the adapter" in (note.text or "")
    assert await ledger_statuses(app) == [FAILED]


async def test_a_locked_database_while_recording_the_post_is_retried_then_failed_and_told(
    console: ConsoleSession, app: App
) -> None:
    await scheduled(console, app, failures=0)
    with database_locked(app, "INSERT INTO topic_posts", times=99):
        records = await console.say("time 2026-01-08 00:00")
    (note,) = [r for r in records if r.to == "#hosts"]
    assert "failed 5 times" in (note.text or "")
    assert "database is locked" in (note.text or "")
    assert "INSERT" not in (note.text or "")  # the reason, not the statement
    assert await ledger_statuses(app) == [FAILED]


async def test_a_lock_that_also_blocks_extending_the_claim_still_leaves_a_retry_armed(
    console: ConsoleSession, app: App
) -> None:
    await scheduled(console, app, failures=1, error=RuntimeError("a bug in the adapter"))
    with database_locked(app, "UPDATE occurrences", times=1):
        assert topic_posts(await console.say("time 2026-01-07 18:00")) == []
    (post,) = topic_posts(await console.say("time 2026-01-07 18:01"))
    assert post.at == datetime(2026, 1, 7, 18, 1, tzinfo=UTC)
    assert await ledger_statuses(app) == [DONE]


class BrokenThreads(FlakyTopics):
    """Posts fine, but opening a thread raises something unexpected."""

    async def open_thread(self, root: MessageRef, title: str) -> None:
        raise RuntimeError("a bug while opening the thread")


async def test_an_error_after_the_post_is_recorded_does_not_post_it_again(
    console: ConsoleSession, app: App
) -> None:
    await app.attach(BrokenThreads(console.platform, failures=0))  # type: ignore[arg-type]
    await say_all(console, "@hana is admin", "@hana: /topic add Once only")
    await console.say("@hana: /topic schedule #topics wed 18:00")
    assert len(topic_posts(await console.say("time 2026-01-07 18:00"))) == 1
    assert topic_posts(await console.say("time 2026-01-08 00:00")) == []
    assert await ledger_statuses(app) == [DONE]


@contextmanager
def database_locked(app: App, statement_start: str, times: int) -> Iterator[None]:
    """Fail the next `times` statements beginning `statement_start` as SQLite does while
    another writer holds the lock."""
    left = [times]

    def locked(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith(statement_start) and left[0] > 0:
            left[0] -= 1
            raise sqlite3.OperationalError("database is locked")

    engine = app.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", locked)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", locked)


async def occurrence(app: App, due: datetime) -> Entry:
    community_id = await app.services.communities.ensure(COMMUNITY)
    (info,) = await app.services.schedules.for_community(community_id)
    entry = await Ledger(app.database, app.services.clock, LEASE).entry(info.id, due)
    assert entry is not None
    return entry
