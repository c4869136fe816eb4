"""Slack's failures as the core's errors: what to retry, what to tell the person.

`what` is the action that failed, already in the reader's language (`_("delete the message")`):
it fills the `{action}` of each sentence here.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.errors import PlatformError, PlatformRefused
from bot.i18n import N_, _
from bot.metrics import ErrorKind

_GONE = {
    "message_not_found": N_("that message does not exist (any more)"),
    "thread_not_found": N_("that message does not exist (any more)"),
    "channel_not_found": N_("that channel does not exist, or I am not in it"),
    "user_not_found": N_("that person is not in this workspace"),
}
_REFUSED = {
    "not_in_channel": N_("I am not in that channel: invite me with /invite @Cohort"),
    "is_archived": N_("that channel is archived"),
    "restricted_action": N_("the workspace's settings do not allow it; ask a workspace admin"),
    "missing_scope": N_("the app lacks a permission; reinstall it from `cohort slack manifest`"),
}
_RETRYABLE = {
    "ratelimited",
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
}


async def calling_slack(what: str, call: Awaitable[Any]) -> Any:
    """Await a Slack Web API call, turning its failures into `PlatformError`s about `what`."""
    try:
        return await call
    except SlackApiError as error:
        raise platform_error(what, error_code(error)) from error
    except (TimeoutError, aiohttp.ClientError) as error:
        unreachable = _("could not {action}: Slack could not be reached").format(action=what)
        raise PlatformError(unreachable, retryable=True) from error


def answer_lost(error: PlatformError) -> bool:
    """Return whether a failed call may have been done by Slack all the same.

    A dropped connection, a timeout or a server error: Slack may have acted before the answer
    was lost, so a post must be looked for before it is sent again.
    """
    cause = error.__cause__
    if isinstance(cause, (TimeoutError, aiohttp.ClientError)):
        return True
    return (
        isinstance(cause, SlackApiError)
        and cause.response is not None
        and cause.response.status_code >= 500
    )


def error_code(error: SlackApiError) -> str:
    """Return Slack's error code (`not_in_channel`), or the HTTP status when there is none."""
    data = error.response.data if error.response is not None else None
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"http_{error.response.status_code}" if error.response is not None else "unknown_error"


def platform_error(what: str, code: str) -> PlatformError:
    """Return the core's error for Slack's error `code`."""
    if code in _REFUSED:
        refused = _("I could not {action}: {reason}. Nothing was done.")
        return PlatformRefused(refused.format(action=what, reason=_(_REFUSED[code])))
    if code in _GONE:
        gone = _("could not {action}: {reason}").format(action=what, reason=_(_GONE[code]))
        return PlatformError(gone)
    said = _("could not {action}: Slack said {code}").format(action=what, code=code)
    return PlatformError(said, retryable=code in _RETRYABLE)


def failure_kind(status: int, code: str | None) -> ErrorKind:
    """Return the kind of failure an answer from Slack is (`code`: its error code, if any)."""
    if status == 429 or code == "ratelimited":
        return ErrorKind.RATE_LIMITED
    if status >= 500 or code in _RETRYABLE:
        return ErrorKind.SERVER_ERROR
    if code in _REFUSED:
        return ErrorKind.REFUSED
    return ErrorKind.NOT_FOUND if code in _GONE else ErrorKind.CLIENT_ERROR
