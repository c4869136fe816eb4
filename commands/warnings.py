"""`/warnings` (a member's own record), "I understand", and the flag cards' buttons."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.i18n import _, ngettext
from bot.ids import button_id
from bot.levels import Level
from bot.messages import OutboundMessage, Reply
from bot.moderation.actions import ModerationService, quietly
from bot.moderation.cards import FLAG_ACTION
from bot.moderation.notices import ACK_ACTION, day, own_line
from bot.moderation.queue import FlagQueue
from commands.arguments import action_words
from commands.context import Context
from commands.mod import moderator
from commands.registry import Registry
from commands.spec import button, command


@dataclass(frozen=True, slots=True)
class WarningsServices:
    """What `/warnings` and the moderation buttons use."""

    moderation: ModerationService
    flags: FlagQueue
    clock: Clock


WarningsContext = Context[WarningsServices]


@command("warnings", level=Level.MEMBER, read_only=True)
async def my_warnings(context: WarningsContext) -> Reply:
    """Show your own moderation record: warnings and other actions, and when they expire."""
    moderation = context.services.moderation
    record = await moderation.cases.of_member(context.caller.id)
    now = context.services.clock.now()
    # Also the warnings from before they forgot themselves: those still count.
    subject = await moderation.subject(context.caller.id)
    active = await moderation.cases.active_warnings(subject, now)
    if not record and not active:
        return Reply.text(_("You have no warnings or other moderation actions on record."))
    days = moderation.warning_expiry.days
    period = ngettext("{count} day", "{count} days", days).format(count=days)
    heading = ngettext(
        "Your moderation record ({count} active warning; warnings count for {period}):",
        "Your moderation record ({count} active warnings; warnings count for {period}):",
        active,
    ).format(count=active, period=period)
    lines = [heading, *(own_line(case, now) for case in record)]
    return Reply.text("\n".join(lines))


@button(ACK_ACTION, level=Level.MEMBER)
async def acknowledge(context: WarningsContext) -> Reply:
    """Record that a member read a moderation notice ("I understand")."""
    (case_id,) = action_words(context.action_args, 1)
    cases = context.services.moderation.cases
    found = await cases.get(context.community_id, button_id(case_id))
    if found.member_id != context.caller.id:
        return Reply.error(_("This notice is not addressed to you."))
    now = context.services.clock.now()
    if not await cases.acknowledge(found.id, context.caller.id, now):
        return Reply.text(_("You already acknowledged this. Thank you."))
    if context.message is not None:
        closed = OutboundMessage(
            _("You acknowledged case {number} on {date}.").format(number=found.id, date=day(now))
        )
        await quietly(context.platform.edit(context.message, closed))
    return Reply.text(_("Thank you: your acknowledgement is recorded."))


@button(FLAG_ACTION, level=Level.MODERATOR)
async def handle_flag(context: WarningsContext) -> Reply:
    """Act on a flagged message from its card: dismiss, delete, warn, time out, kick, ban."""
    choice, flag_id = action_words(context.action_args, 2)
    number = button_id(flag_id)
    said = await context.services.flags.press(
        context.platform,
        context.community_id,
        number,
        choice,
        moderator(context),
        context.message,
    )
    return Reply.text(said)


def setup(registry: Registry, services: WarningsServices) -> None:
    """Register `/warnings` and the moderation buttons, bound to `services`."""
    registry.add(my_warnings, acknowledge, handle_flag, services=services)
