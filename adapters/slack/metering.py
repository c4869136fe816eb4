"""Counting Slack's failed and retried Web API calls, and reporting the Socket Mode connection.

slack-sdk asks its retry handlers about every answer, in order, until one retries. Each
handler is wrapped so that a retry it prepares is counted; a last handler that never retries
sees what no other would retry, and counts it when it is a failure, by kind.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.socket_mode.aiohttp import SocketModeClient

from adapters.slack.errors import failure_kind
from bot.metrics import ErrorKind
from bot.port import ConnectionReports, PlatformCounts

PLATFORM = "slack"


class CountedRetries(AsyncRetryHandler):
    """Retries as the handler it wraps does, counting each retry."""

    def __init__(self, inner: AsyncRetryHandler, counts: PlatformCounts) -> None:
        super().__init__(inner.max_retry_count, inner.interval_calculator)
        self._inner = inner
        self._counts = counts

    async def can_retry_async(self, **call: Any) -> bool:
        """Ask the wrapped handler."""
        return await self._inner.can_retry_async(**call)

    async def prepare_for_next_attempt_async(self, **call: Any) -> None:
        """Count the retry, then wait as the wrapped handler does."""
        self._counts.platform_retry(PLATFORM)
        await self._inner.prepare_for_next_attempt_async(**call)


class FailureMeter(AsyncRetryHandler):
    """Never retries; counts each failed answer that reaches it (the last handler)."""

    def __init__(self, counts: PlatformCounts) -> None:
        super().__init__(max_retry_count=0)
        self._counts = counts

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        """Count the answer if it is a failure; never retry."""
        kind = _failure(response, error)
        if kind is not None:
            self._counts.platform_error(PLATFORM, kind)
        return False


def _failure(response: HttpResponse | None, error: Exception | None) -> ErrorKind | None:
    if error is not None:
        return ErrorKind.UNREACHABLE
    if response is None:
        return None
    body = response.body
    code = body.get("error") if isinstance(body, dict) and body.get("ok") is False else None
    if response.status_code < 400 and code is None:
        return None
    return failure_kind(response.status_code, None if code is None else str(code))


def report_socket_connection(client: SocketModeClient, health: ConnectionReports) -> None:
    """Report Slack connected on each Socket Mode `hello`, disconnected when the socket closes.

    slack-sdk reconnects by itself; the new connection's `hello` reports it again.
    """

    async def on_message(_client: Any, message: dict[str, Any], _raw: str | None) -> None:
        if message.get("type") == "hello":
            health.connected(PLATFORM)

    async def on_close(_message: Any) -> None:
        health.disconnected(PLATFORM)

    client.message_listeners.append(on_message)
    client.on_close_listeners.append(on_close)
