"""What every `/automod` command shares: its services, the filters' titles, how actions read."""

from __future__ import annotations

from dataclasses import dataclass

from bot.automod.model import FILTER_TITLES, Action, FilterConfig
from bot.automod.service import AutomodService
from bot.durations import format_duration
from bot.i18n import N_, _
from bot.platform import Capability
from commands.context import Context

CONTENT_FILTERS_OFF = N_(
    "Message text is not readable here, so blocked terms, regex rules, links, invites and "
    "repeats are off (on Discord, turn on the Message Content Intent in the Developer Portal "
    "and restart); mention spam and flooding still work."
)
TITLES = FILTER_TITLES  # `_(TITLES[name])` where shown


@dataclass(frozen=True, slots=True)
class AutomodServices:
    """What the automatic filter commands use."""

    automod: AutomodService


AutomodContext = Context[AutomodServices]


def action_word(config: FilterConfig) -> str:
    """Return a filter's action as `/automod list` writes it: `flag`, `timeout 1h`.

    These are the words `/automod action` takes, so they stay as typed (English).
    """
    if config.action is Action.TIMEOUT:
        return f"timeout {format_duration(config.timeout)}"
    return config.action.value


def action_text(config: FilterConfig) -> str:
    """Return what happens to a matching message: `deleted`, `flagged for moderators`."""
    if config.action is Action.TIMEOUT:
        return _("deleted and the member timed out for {duration}").format(
            duration=format_duration(config.timeout)
        )
    return _("deleted") if config.action is Action.DELETE else _("flagged for moderators")


def content_note(context: AutomodContext) -> str:
    """Return a note that content filters are off where message text is unreadable, if it is."""
    if Capability.MESSAGE_CONTENT in context.platform.capabilities:
        return ""
    return "\n" + _(CONTENT_FILTERS_OFF)
