"""Wires the automatic filters into the core: every post and edit is screened."""

from __future__ import annotations

from typing import Protocol

from bot.automod.hook import FilterHitCallback, ScreenMessages, log_filter_hit
from bot.automod.service import AutomodService
from bot.events import MessageEdited, MessagePosted
from bot.shared.core import Communities, Events, Kernel, Members


class AutomodUses(Kernel, Events, Communities, Members, Protocol):
    """What automod uses of the shared core."""


def wire(core: AutomodUses, *, on_filter_hit: FilterHitCallback = log_filter_hit) -> AutomodService:
    """Build the filters' service, screen posts and edits; return the service.

    What happens to a hit is `on_filter_hit` (the app passes moderation's flag intake). The
    cached rules are dropped when a community's or a member's level changes.
    """
    automod = AutomodService(core.database, core.clock, core.settings.automod_cache_seconds)
    core.communities.watch_levels(automod.invalidate)
    core.members.watch_levels(automod.invalidate)
    screening = ScreenMessages(core.communities, automod, on_filter_hit)
    # After the core's membership handler, so the member's row is kept first.
    core.dispatcher.subscribe(MessagePosted, screening.posted)
    core.dispatcher.subscribe(MessageEdited, screening.edited)
    return automod
