"""What every `/automod` command shares: its services, the filters' titles, how actions read."""

from __future__ import annotations

from dataclasses import dataclass

from bot.automod.model import Action, FilterConfig, FilterName
from bot.automod.service import AutomodService
from bot.durations import format_duration
from bot.platform import Capability
from commands.context import Context

CONTENT_FILTERS_OFF = (
    "Message text is not readable here, so blocked terms, regex rules, links, invites and "
    "repeats are off (on Discord, turn on the Message Content Intent in the Developer Portal "
    "and restart); mention spam and flooding still work."
)
TITLES = {
    FilterName.TERMS: "Blocked terms",
    FilterName.REGEX: "Regex rules",
    FilterName.INVITES: "Invite links",
    FilterName.LINKS: "Links",
    FilterName.REPEATS: "Repeated messages",
    FilterName.MENTIONS: "Mention spam",
    FilterName.FLOOD: "Flooding",
}


@dataclass(frozen=True, slots=True)
class AutomodServices:
    """What the automatic filter commands use."""

    automod: AutomodService


AutomodContext = Context[AutomodServices]


def action_word(config: FilterConfig) -> str:
    """Return a filter's action as `/automod list` writes it: `flag`, `timeout 1h`."""
    if config.action is Action.TIMEOUT:
        return f"timeout {format_duration(config.timeout)}"
    return config.action.value


def action_text(config: FilterConfig) -> str:
    """Return what happens to a matching message: `deleted`, `flagged for moderators`."""
    if config.action is Action.TIMEOUT:
        return f"deleted and the member timed out for {format_duration(config.timeout)}"
    return "deleted" if config.action is Action.DELETE else "flagged for moderators"


def content_note(context: AutomodContext) -> str:
    """Return a note that content filters are off where message text is unreadable, if it is."""
    if Capability.MESSAGE_CONTENT in context.platform.capabilities:
        return ""
    return f"\n{CONTENT_FILTERS_OFF}"
