"""Secrets of the dashboard: random tokens, their stored digests, and constant-time comparing."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

TOKEN_BYTES = 32

WallClock = Callable[[], datetime]
"""Real time (never the console's virtual clock): sign-in links and sessions expire on it."""


def real_now() -> datetime:
    """Return the real time now, aware, in UTC."""
    return datetime.now(UTC)


def new_token() -> str:
    """Return 32 random bytes, URL-safe: a link's token, a session's id or a CSRF token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """Return the SHA-256 of `token` in hex: what the database keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(given: str | None, expected: str) -> bool:
    """Return whether `given` equals `expected`, in constant time (no early exit)."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
