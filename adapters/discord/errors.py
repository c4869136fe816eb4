"""Discord's failures as the core's errors: what to retry, what to tell the person.

`what` is the action that failed, already in the reader's language (`_("delete the message")`):
it fills the `{action}` of each sentence here.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import aiohttp
import discord

from bot.errors import PlatformError, PlatformRefused
from bot.i18n import N_, _

T = TypeVar("T")

# Discord's JSON error codes that mean "that thing is gone", whatever the route.
_UNKNOWN_CODES = {
    10003: N_("that channel does not exist (any more)"),
    10004: N_("that server does not exist (any more)"),
    10007: N_("that member does not exist (any more)"),
    10008: N_("that message does not exist (any more)"),
}
_MISSING_PERMISSIONS = 50013
_CANNOT_EDIT_OTHERS = 50005


async def calling_discord(what: str, call: Awaitable[T]) -> T:
    """Await a discord.py call, turning its failures into `PlatformError`s about `what`."""
    try:
        return await call
    except discord.Forbidden as error:
        raise _forbidden(what, error) from error
    except discord.NotFound as error:
        raise PlatformError(_failed(what, _unknown(error))) from error
    except discord.DiscordServerError as error:
        failed = _("could not {action}: Discord had a server error ({status})")
        raise PlatformError(
            failed.format(action=what, status=error.status), retryable=True
        ) from error
    except discord.RateLimited as error:
        wait = _("could not {action}: Discord asks to wait {seconds} s")
        seconds = f"{error.retry_after:.0f}"
        raise PlatformError(wait.format(action=what, seconds=seconds), retryable=True) from error
    except discord.HTTPException as error:
        raise PlatformError(_failed(what, str(error.text or error.status))) from error
    except (TimeoutError, aiohttp.ClientError) as error:
        unreachable = _("could not {action}: Discord could not be reached").format(action=what)
        raise PlatformError(unreachable, retryable=True) from error


def _failed(what: str, reason: str) -> str:
    return _("could not {action}: {reason}").format(action=what, reason=reason)


def _forbidden(what: str, error: discord.Forbidden) -> PlatformError:
    if error.code == _CANNOT_EDIT_OTHERS:
        return PlatformError(_failed(what, _("the bot can only edit its own messages")))
    if error.code == _MISSING_PERMISSIONS:
        return PlatformRefused(
            _(
                "I could not {action}: Discord says I am missing a permission, or my role is "
                "not above theirs. Check my role's permissions and move it higher in Server "
                "Settings → Roles. Nothing was done."
            ).format(action=what)
        )
    refused = _("I could not {action}: Discord refused ({reason}). Nothing was done.")
    return PlatformRefused(refused.format(action=what, reason=error.text))


def _unknown(error: discord.NotFound) -> str:
    gone = _UNKNOWN_CODES.get(error.code)
    return _(gone) if gone else _("it does not exist")
