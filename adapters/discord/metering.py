"""Counting Discord's failed and retried calls, where discord.py makes them: its HTTP session.

discord.py retries inside `HTTPClient.request`, out of reach of Cohort's own code, so the
count comes from an aiohttp trace on its session (`Client(http_trace=...)`): each answer it
will try again (a 429 it waits out, a 500/502/504/524, a reset connection) is a retry; any
other failure is an error, by kind. A fifth failure in a row, which discord.py gives up on,
counts as a retry too: the trace cannot tell attempts apart.
"""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp

from bot.metrics import ErrorKind
from bot.port import PlatformCounts

PLATFORM = "discord"
RETRIED_STATUSES = frozenset({500, 502, 504, 524})
RESET_ERRNOS = frozenset({54, 10054})  # connection reset by peer: discord.py tries again


def counting_trace(counts: PlatformCounts) -> aiohttp.TraceConfig:
    """Return an aiohttp trace that counts Discord's failed and retried requests in `counts`."""
    trace = aiohttp.TraceConfig()

    async def ended(
        _session: aiohttp.ClientSession,
        _context: SimpleNamespace,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        response = params.response
        if response.status < 400:
            return
        if retried(response.status, "Via" in response.headers):
            counts.platform_retry(PLATFORM)
        else:
            counts.platform_error(PLATFORM, error_kind(response.status))

    async def failed(
        _session: aiohttp.ClientSession,
        _context: SimpleNamespace,
        params: aiohttp.TraceRequestExceptionParams,
    ) -> None:
        error = params.exception
        if isinstance(error, OSError) and error.errno in RESET_ERRNOS:
            counts.platform_retry(PLATFORM)
        else:
            counts.platform_error(PLATFORM, ErrorKind.UNREACHABLE)

    trace.on_request_end.append(ended)
    trace.on_request_exception.append(failed)
    return trace


def retried(status: int, via_proxy: bool) -> bool:
    """Return whether discord.py answers `status` by trying again.

    A 429 is waited out only when it came through Discord's proxy (a `Via` header); without
    one it is taken for a Cloudflare ban and raised.
    """
    return status in RETRIED_STATUSES or (status == 429 and via_proxy)


def error_kind(status: int) -> ErrorKind:
    """Return the kind of failure an HTTP status from Discord is."""
    if status == 429:
        return ErrorKind.RATE_LIMITED
    if status == 403:
        return ErrorKind.REFUSED
    if status == 404:
        return ErrorKind.NOT_FOUND
    return ErrorKind.SERVER_ERROR if status >= 500 else ErrorKind.CLIENT_ERROR
