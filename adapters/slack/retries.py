"""slack-sdk's retry handlers, except that nothing that posts is resent blindly.

A connection error or a server error after a message was sent may come after Slack posted it:
resending `chat.postMessage` then posts twice. The platform looks for the post by its key
instead (`SlackPlatform`), so the handlers that retry those faults skip the posting methods;
a 429 (Slack did nothing) is still waited out and retried for every method.
"""

from __future__ import annotations

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from adapters.slack.metering import CountedRetries, FailureMeter
from bot.port import PlatformCounts

POSTING_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.scheduleMessage")


def retry_handlers(counts: PlatformCounts | None = None) -> list[AsyncRetryHandler]:
    """Return the Web API client's retry handlers: faults retried, posts never resent.

    With `counts`, each retry and each failure left unretried is counted there.
    """
    handlers: list[AsyncRetryHandler] = [
        _NotForPosts(AsyncConnectionErrorRetryHandler()),
        AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        _NotForPosts(AsyncServerErrorRetryHandler(max_retry_count=2)),
    ]
    if counts is None:
        return handlers
    return [*(CountedRetries(handler, counts) for handler in handlers), FailureMeter(counts)]


class _NotForPosts(AsyncRetryHandler):
    """Retries as the handler it wraps does, except for the methods that post."""

    def __init__(self, inner: AsyncRetryHandler) -> None:
        super().__init__(inner.max_retry_count, inner.interval_calculator)
        self._inner = inner

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if request.url.rstrip("/").endswith(POSTING_METHODS):
            return False
        return await self._inner._can_retry_async(
            state=state, request=request, response=response, error=error
        )
