"""Discord's failures as the core's errors: what to retry, what to tell the person."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import aiohttp
import discord

from bot.errors import PlatformError, PlatformRefused

T = TypeVar("T")

# Discord's JSON error codes that mean "that thing is gone", whatever the route.
_UNKNOWN_CODES = {10003: "channel", 10004: "server", 10007: "member", 10008: "message"}
_MISSING_PERMISSIONS = 50013
_CANNOT_EDIT_OTHERS = 50005


async def calling_discord(what: str, call: Awaitable[T]) -> T:
    """Await a discord.py call, turning its failures into `PlatformError`s about `what`."""
    try:
        return await call
    except discord.Forbidden as error:
        raise _forbidden(what, error) from error
    except discord.NotFound as error:
        raise PlatformError(f"could not {what}: {_unknown(error)}") from error
    except discord.DiscordServerError as error:
        raise PlatformError(
            f"could not {what}: Discord had a server error ({error.status})", retryable=True
        ) from error
    except discord.RateLimited as error:
        raise PlatformError(
            f"could not {what}: Discord asks to wait {error.retry_after:.0f} s", retryable=True
        ) from error
    except discord.HTTPException as error:
        raise PlatformError(f"could not {what}: {error.text or error.status}") from error
    except (TimeoutError, aiohttp.ClientError) as error:
        unreachable = f"could not {what}: Discord could not be reached"
        raise PlatformError(unreachable, retryable=True) from error


def _forbidden(what: str, error: discord.Forbidden) -> PlatformError:
    if error.code == _CANNOT_EDIT_OTHERS:
        return PlatformError(f"could not {what}: the bot can only edit its own messages")
    if error.code == _MISSING_PERMISSIONS:
        return PlatformRefused(
            f"I could not {what}: Discord says I am missing a permission, or my role is not "
            "above theirs. Check my role's permissions and move it higher in Server Settings → "
            "Roles. Nothing was done."
        )
    return PlatformRefused(f"I could not {what}: Discord refused ({error.text}). Nothing was done.")


def _unknown(error: discord.NotFound) -> str:
    thing = _UNKNOWN_CODES.get(error.code)
    return f"that {thing} does not exist (any more)" if thing else "it does not exist"
