"""Errors the core turns into clear messages for the person who caused them."""

from __future__ import annotations


class UserFacingError(Exception):
    """Something the caller did wrong or cannot do; the message is shown to them as it is."""


class NotFoundError(UserFacingError):
    """The caller named something that does not exist (a member, a rule, a channel)."""


class PermissionDenied(UserFacingError):
    """The caller's level is too low for what they asked."""


class UnsupportedOnPlatform(UserFacingError):
    """The platform cannot do what was asked (Slack has no timeouts, for example)."""


class PlatformError(Exception):
    """The platform refused or failed a call; `retryable` marks faults worth another try."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable
