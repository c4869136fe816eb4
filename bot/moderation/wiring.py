"""Wires moderation into the core: the case log, the flag queue, reports and platform flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bot.events import MessageFlagged, MessageReported
from bot.moderation.actions import ModerationService
from bot.moderation.forget import ForgetCases
from bot.moderation.intake import FlagIntake
from bot.moderation.jobs import register_sweeps
from bot.moderation.ladder import parse_ladder
from bot.moderation.queue import FlagQueue
from bot.shared.core import (
    Communities,
    Counting,
    Events,
    Guidelines,
    Jobs,
    Kernel,
    Languages,
    Members,
)


@dataclass(frozen=True, slots=True)
class ModerationServices:
    """Moderation's services: actions and the case log, the flag queue, and its intake.

    `flag_intake.on_filter_hit` is what the automatic filters hand their hits to.
    """

    moderation: ModerationService
    flags: FlagQueue
    flag_intake: FlagIntake


class ModerationUses(
    Kernel, Events, Jobs, Communities, Members, Guidelines, Languages, Counting, Protocol
):
    """What moderation uses of the shared core."""


def wire(core: ModerationUses) -> ModerationServices:
    """Build moderation, take reports and platform flags, register sweeps and the forget hook."""
    settings = core.settings
    core.members.add_forget_hook(ForgetCases(core.clock))
    moderation = ModerationService(
        core.database,
        core.clock,
        core.members,
        core.communities,
        core.guidelines,
        core.languages,
        warning_expiry=timedelta(days=settings.warning_expiry_days),
        ladder=parse_ladder(settings.warning_ladder),
    )
    flags = FlagQueue(
        core.database,
        core.clock,
        core.communities,
        moderation,
        core.languages,
        anonymous_reports=settings.anonymous_reports,
        reannounce_after=timedelta(hours=settings.flag_reannounce_hours),
        metrics=core.metrics,
    )
    intake = FlagIntake(core.communities, core.members, moderation, flags)
    core.dispatcher.subscribe(MessageReported, intake.on_report)
    core.dispatcher.subscribe(MessageFlagged, intake.on_automod)
    register_sweeps(core.jobs, flags, moderation)
    return ModerationServices(moderation, flags, intake)
