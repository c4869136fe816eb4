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


class PlatformRefused(PlatformError, UserFacingError):
    """The platform refused for a reason a person can fix (a missing permission, role order).

    The message says what to change; the action did not happen and must not be recorded.
    """


class StartupError(Exception):
    """Start-up cannot go on (a refused token, a switch off in a developer portal).

    The message is one line for the operator, saying what to change.
    """


class PlatformUnreachable(StartupError):
    """A platform could not be reached at start-up (network, DNS, its outage): exit 1, not 2.

    Unlike a refused token, nothing in the settings needs to change; trying later may work.
    """

    def __init__(self, platform: str, reason: object) -> None:
        super().__init__(f"could not reach {platform}: {reason}")
