"""`/thanks <member> [why]`: thank someone privately; `/thanks weekly on|off` (hosts) posts who
was thanked each week, never how often. "Thank the author" (a message's menu on Discord and
Slack) arrives here as `/thanks give` naming the message's author."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Annotated, Literal

from bot.clock import Clock
from bot.i18n import _
from bot.levels import Level
from bot.messages import Reply
from bot.refs import UserRef
from bot.shared.schedules import ScheduleService, describe
from bot.thanks import THANKS_SCHEDULE, Thanking, ThanksService
from commands.context import Context
from commands.registry import Registry
from commands.spec import command
from commands.types import MemberMention, Text

WEEKLY_DAY = 4  # Friday: the week's thanks, before the weekend
WEEKLY_AT = time(16, 0)


@dataclass(frozen=True, slots=True)
class ThanksServices:
    """What the thanks commands use."""

    thanks: ThanksService
    schedules: ScheduleService
    clock: Clock


ThanksContext = Context[ThanksServices]


@command("thanks give", level=Level.MEMBER, group_default=True)
async def give_thanks(
    context: ThanksContext,
    member: Annotated[MemberMention, "who you are thanking"],
    why: Annotated[Text | None, "what for (at most 300 characters)"] = None,
) -> Reply:
    """Thank a member privately; they get a note with your reason."""
    receiver = UserRef(context.platform.name, member.id)
    thanking = Thanking(
        context.community, context.community_id, context.caller, receiver, why, context.channel
    )
    given = await context.services.thanks.give(thanking, context.platform)
    who = context.platform.mention(receiver)
    if given.repeated:
        return Reply.text(
            _("You thanked {member} a moment ago; that thanks counts once.").format(member=who)
        )
    return Reply.text(
        _(
            "Your thanks went to {member}, privately. And thank you: noticing what others do "
            "makes this a kinder place to learn."
        ).format(member=who)
    )


@command("thanks weekly", level=Level.HOST)
async def weekly_thanks(
    context: ThanksContext, switch: Annotated[Literal["on", "off"], "on or off"]
) -> Reply:
    """Post who was thanked each week in this channel (names only, never counts)."""
    schedules = context.services.schedules
    channel = context.home_channel
    if switch == "off":
        removed = await schedules.remove(context.community_id, THANKS_SCHEDULE, channel.id)
        if not removed:
            return Reply.text(_("No weekly thanks post is set in this channel; nothing changed."))
        return Reply.text(_("The weekly thanks post in this channel is stopped."))
    info = await schedules.set_weekly(
        context.community_id, THANKS_SCHEDULE, channel.id, WEEKLY_DAY, WEEKLY_AT, 1
    )
    when = describe(info, context.services.clock.now())
    return Reply.text(
        _(
            "I will post here who was thanked each week: names only, never how often, and "
            "nothing in a week without thanks. When: {when} ({zone})."
        ).format(when=when, zone=info.rule.zone)
    )


def setup(registry: Registry, services: ThanksServices) -> None:
    """Register the thanks commands, bound to `services`."""
    registry.add(give_thanks, weekly_thanks, services=services)
