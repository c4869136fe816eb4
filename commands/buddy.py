"""`/buddy`: members opt in to buddy pairing; hosts set its cadence, run rounds, read figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Annotated
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.errors import NotFoundError
from bot.levels import Level
from bot.messages import Reply
from bot.pairing.checkins import CHECKIN_ACTION, Answer, parse_action
from bot.pairing.service import PAIRING_CHANNEL, PAIRING_SCHEDULE, Buddy, PairingService
from bot.refs import UserRef
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleService, describe
from commands.arguments import read_every
from commands.context import Context
from commands.registry import Registry
from commands.spec import Shown, button, command
from commands.types import Text, Weekday


@dataclass(frozen=True, slots=True)
class BuddyServices:
    """What the buddy commands use."""

    pairing: PairingService
    schedules: ScheduleService
    communities: CommunityService
    clock: Clock


BuddyContext = Context[BuddyServices]


@command("buddy join", level=Level.MEMBER)
async def join(context: BuddyContext) -> Reply:
    """Join buddy pairing: you get a buddy (or two) each round."""
    services = context.services
    return Reply.text(
        await services.pairing.join_and_describe(context.community_id, context.caller.id)
    )


@command("buddy leave", level=Level.MEMBER)
async def leave(context: BuddyContext) -> Reply:
    """Leave buddy pairing."""
    if not await context.services.pairing.leave(context.caller.id):
        return Reply.text("You weren't in buddy pairing; nothing changed.")
    return Reply.text("You've left buddy pairing. Come back any time with /buddy join.")


@command("buddy pause", level=Level.MEMBER)
async def pause(context: BuddyContext, weeks: Annotated[int, "how many weeks, 1 to 52"]) -> Reply:
    """Skip buddy rounds for a few weeks."""
    until = await context.services.pairing.pause(context.caller.id, weeks)
    local = until.astimezone(ZoneInfo(await _zone(context)))
    plural = "week" if weeks == 1 else "weeks"
    return Reply.text(
        f"Paused for {weeks} {plural}: no buddy rounds for you until "
        f"{local.strftime('%Y-%m-%d')}. /buddy join resumes earlier."
    )


@command("buddy status", level=Level.MEMBER, group_default=True, read_only=True)
async def status(context: BuddyContext) -> Reply:
    """Show whether you're in buddy pairing, your current buddy and past buddies."""
    found = await context.services.pairing.status(context.community_id, context.caller.id)
    if not found.opted_in:
        state = "You're not in buddy pairing; join with /buddy join."
    elif found.auto_paused:
        state = "Your buddy pairing is paused after unanswered check-ins; /buddy join resumes it."
    elif found.paused_until is not None:
        local = found.paused_until.astimezone(ZoneInfo(await _zone(context)))
        state = f"You're in buddy pairing, paused until {local.strftime('%Y-%m-%d')}."
    else:
        state = "You're in buddy pairing."
    lines = [state]
    if found.current:
        label = "Current buddy" if len(found.current) == 1 else "Current buddies"
        lines.append(f"{label}: {_names(context, found.current)}")
    if found.past:
        past = ", ".join(f"{_name(context, b)} (round {b.round_number})" for b in found.past)
        lines.append(f"Past buddies: {past}")
    return Reply.text("\n".join(lines))


@command("buddy schedule", level=Level.HOST)
async def schedule(
    context: BuddyContext,
    weekday: Annotated[Weekday, "day of the week"],
    at: Annotated[time, "local time, HH:MM"],
    every: Annotated[
        Text | None, "every <n> weeks (default: every week)", Shown("every <n> weeks")
    ] = None,
) -> Reply:
    """Run a buddy round every week (or every n weeks) at a local time."""
    info = await context.services.schedules.set_weekly(
        context.community_id, PAIRING_SCHEDULE, PAIRING_CHANNEL, int(weekday), at, read_every(every)
    )
    now = context.services.clock.now()
    return Reply.text(
        f"Buddy rounds will run {describe(info, now)} ({info.rule.zone}); each group gets a "
        "check-in halfway to the next round."
    )


@command("buddy unschedule", level=Level.HOST)
async def unschedule(context: BuddyContext) -> Reply:
    """Stop the scheduled buddy rounds."""
    removed = await context.services.schedules.remove(
        context.community_id, PAIRING_SCHEDULE, PAIRING_CHANNEL
    )
    if not removed:
        raise NotFoundError("No buddy rounds are scheduled.")
    return Reply.text("Buddy rounds are no longer scheduled.")


@command("buddy round", level=Level.HOST)
async def run_round(context: BuddyContext) -> Reply:
    """Pair the buddies now and open a private conversation for each group."""
    result = await context.services.pairing.run_round(
        context.community_id, context.platform, context.community
    )
    lines = [
        f"Buddy round {result.number}: {result.members} members in {result.groups} groups "
        f"(seed {result.seed})."
    ]
    if result.repeats:
        lines.append(f"{result.repeats} pair(s) in this round had met before.")
    if result.unopened:
        lines.append(f"{result.unopened} group(s) could not be opened on the platform.")
    return Reply.text("\n".join(lines))


@command("buddy stats", level=Level.HOST, read_only=True)
async def stats(context: BuddyContext) -> Reply:
    """Show buddy rounds, groups and how often groups met."""
    figures = await context.services.pairing.stats(context.community_id)
    rate = figures.meeting_rate
    meeting = (
        "no check-ins yet"
        if rate is None
        else f"{figures.met} of {figures.checked_in} checked-in groups met ({rate:.0%})"
    )
    schedules = await context.services.schedules.for_community(
        context.community_id, PAIRING_SCHEDULE
    )
    now = context.services.clock.now()
    cadence = "".join(
        f"\nRounds run {describe(info, now)} ({info.rule.zone})." for info in schedules
    )
    return Reply.text(
        f"Buddy pairing: {figures.opted_in} members joined ({figures.paused} paused); "
        f"{figures.rounds} rounds, {figures.groups} groups; {meeting}.{cadence}"
    )


_THANKS = {
    Answer.MET: "Wonderful, thanks for meeting! 🎉",
    Answer.NOT_YET: "Thanks! There's still time: suggest a slot in this conversation.",
    Answer.SKIP: "No problem, this round is skipped for you.",
}


@button(CHECKIN_ACTION, level=Level.MEMBER)
async def check_in(context: BuddyContext) -> Reply:
    """Answer a buddy check-in: We met, Not yet or Skip."""
    answer, group_id = parse_action(context.action_args)
    recorded = await context.services.pairing.answer(
        context.community_id, group_id, context.caller.id, answer
    )
    if recorded.previous is answer:
        return Reply.text(f"You already answered {answer.label!r}; nothing changed.")
    if recorded.previous is not None:
        return Reply.text(f"Changed your answer to {answer.label!r}. {_THANKS[answer]}")
    return Reply.text(_THANKS[answer])


async def _zone(context: BuddyContext) -> str:
    return context.caller.timezone or await context.services.communities.timezone(
        context.community_id
    )


def _name(context: BuddyContext, buddy: Buddy) -> str:
    return context.platform.mention(UserRef(context.platform.name, buddy.external_id))


def _names(context: BuddyContext, buddies: list[Buddy]) -> str:
    return ", ".join(_name(context, buddy) for buddy in buddies)


def setup(registry: Registry, services: BuddyServices) -> None:
    """Register the buddy commands and the check-in buttons, bound to `services`."""
    registry.add(
        join,
        leave,
        pause,
        status,
        schedule,
        unschedule,
        run_round,
        stats,
        check_in,
        services=services,
    )
