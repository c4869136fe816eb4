"""`/buddy`: members opt in to buddy pairing; hosts set its cadence, run rounds, read figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Annotated
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.cohorts.service import CohortService
from bot.errors import NotFoundError, UserFacingError
from bot.i18n import N_, _, formats, ngettext
from bot.levels import Level
from bot.messages import Reply
from bot.pairing.checkins import CHECKIN_ACTION, Answer, parse_action
from bot.pairing.service import PAIRING_CHANNEL, PAIRING_SCHEDULE, Buddy, PairingService
from bot.refs import ChannelRef, UserRef
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleService, describe
from commands.arguments import ArgumentError, read_channel, read_every
from commands.context import Context
from commands.registry import Registry
from commands.scoping import scope_of
from commands.spec import Shown, button, command
from commands.types import ChannelMention, Text, Weekday


@dataclass(frozen=True, slots=True)
class BuddyServices:
    """What the buddy commands use."""

    pairing: PairingService
    schedules: ScheduleService
    communities: CommunityService
    cohorts: CohortService
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
        return Reply.text(_("You weren't in buddy pairing; nothing changed."))
    return Reply.text(_("You've left buddy pairing. Come back any time with /buddy join."))


@command("buddy pause", level=Level.MEMBER)
async def pause(context: BuddyContext, weeks: Annotated[int, "how many weeks, 1 to 52"]) -> Reply:
    """Skip buddy rounds for a few weeks."""
    until = await context.services.pairing.pause(context.caller.id, weeks)
    local = until.astimezone(ZoneInfo(await _zone(context)))
    paused = ngettext(
        "Paused for {count} week: no buddy rounds for you until {date}. "
        "/buddy join resumes earlier.",
        "Paused for {count} weeks: no buddy rounds for you until {date}. "
        "/buddy join resumes earlier.",
        weeks,
    )
    return Reply.text(paused.format(count=weeks, date=formats.day(local.date())))


@command("buddy status", level=Level.MEMBER, group_default=True, read_only=True)
async def status(context: BuddyContext) -> Reply:
    """Show whether you're in buddy pairing, your current buddy and past buddies."""
    found = await context.services.pairing.status(context.community_id, context.caller.id)
    if not found.opted_in:
        state = _("You're not in buddy pairing; join with /buddy join.")
    elif found.auto_paused:
        state = _(
            "Your buddy pairing is paused after unanswered check-ins; /buddy join resumes it."
        )
    elif found.paused_until is not None:
        local = found.paused_until.astimezone(ZoneInfo(await _zone(context)))
        state = _("You're in buddy pairing, paused until {date}.").format(
            date=formats.day(local.date())
        )
    else:
        state = _("You're in buddy pairing.")
    lines = [state]
    if found.current:
        current = ngettext(
            "Current buddy: {buddies}", "Current buddies: {buddies}", len(found.current)
        )
        lines.append(current.format(buddies=_names(context, found.current)))
    if found.past:
        past = ", ".join(_past_buddy(context, buddy) for buddy in found.past)
        lines.append(_("Past buddies: {buddies}").format(buddies=past))
    return Reply.text("\n".join(lines))


@command("buddy schedule", level=Level.HOST)
async def schedule(
    context: BuddyContext,
    weekday: Annotated[Weekday, "day of the week"],
    at: Annotated[time, "local time, HH:MM"],
    every: Annotated[
        Text | None,
        "every <n> weeks (default: every week); a cohort's home channel first: its rounds",
        Shown("every <n> weeks"),
    ] = None,
) -> Reply:
    """Run a buddy round every week (or every n weeks) at a local time."""
    named, cadence = split_channel(every)
    channel = None if named is None else ChannelRef(context.platform.name, named.id)
    scope = await scope_of(context, context.services.cohorts, channel)
    if channel is not None and (scope.cohort is None or scope.cohort.home_channel != channel.id):
        raise UserFacingError(
            _(
                "{channel} is no cohort's home: name a cohort's home channel, or leave the "
                "channel out."
            ).format(channel=context.platform.mention(channel))
        )
    info = await context.services.schedules.set_weekly(
        context.community_id,
        PAIRING_SCHEDULE,
        PAIRING_CHANNEL,
        int(weekday),
        at,
        read_every(cadence),
        cohort_id=scope.cohort_id,
    )
    now = context.services.clock.now()
    answer = _(
        "Buddy rounds will run {when} ({zone}); each group gets a check-in halfway to the "
        "next round."
    ).format(when=describe(info, now), zone=info.rule.zone)
    return Reply.text(scope.says(answer))


@command("buddy unschedule", level=Level.HOST)
async def unschedule(context: BuddyContext) -> Reply:
    """Stop the scheduled buddy rounds."""
    scope = await scope_of(context, context.services.cohorts)
    removed = await context.services.schedules.remove(
        context.community_id, PAIRING_SCHEDULE, PAIRING_CHANNEL, scope.cohort_id
    )
    if not removed:
        raise NotFoundError(scope.says(_("No buddy rounds are scheduled.")))
    return Reply.text(scope.says(_("Buddy rounds are no longer scheduled.")))


@command("buddy round", level=Level.HOST)
async def run_round(context: BuddyContext) -> Reply:
    """Pair the buddies now and open a private conversation for each group."""
    scope = await scope_of(context, context.services.cohorts)
    result = await context.services.pairing.run_round(
        context.community_id, context.platform, context.community, scope=scope
    )
    round_line = _("Buddy round {number}: {members} in {groups} (seed {seed}).").format(
        number=result.number,
        members=_members(result.members),
        groups=_groups(result.groups),
        seed=result.seed,
    )
    lines = [round_line]
    if result.repeats:
        lines.append(
            ngettext(
                "{count} pair in this round had met before.",
                "{count} pairs in this round had met before.",
                result.repeats,
            ).format(count=result.repeats)
        )
    if result.unopened:
        lines.append(
            ngettext(
                "{count} group could not be opened on the platform.",
                "{count} groups could not be opened on the platform.",
                result.unopened,
            ).format(count=result.unopened)
        )
    return Reply.text(scope.says("\n".join(lines)))


def _members(count: int) -> str:
    return ngettext("{count} member", "{count} members", count).format(count=count)


def _groups(count: int) -> str:
    return ngettext("{count} group", "{count} groups", count).format(count=count)


@command("buddy stats", level=Level.HOST, read_only=True)
async def stats(context: BuddyContext) -> Reply:
    """Show buddy rounds, groups and how often groups met."""
    services = context.services
    scope = await scope_of(context, services.cohorts)
    members = await services.pairing.cohort_members(scope, context.platform, context.community)
    figures = await services.pairing.stats(context.community_id, scope, members)
    rate = figures.meeting_rate
    meeting = (
        _("no check-ins yet")
        if rate is None
        else ngettext(
            "{met} of {count} checked-in group met ({rate})",
            "{met} of {count} checked-in groups met ({rate})",
            figures.checked_in,
        ).format(
            met=formats.number(figures.met), count=figures.checked_in, rate=formats.percent(rate)
        )
    )
    schedules = await services.schedules.for_scope(
        context.community_id, scope.cohort_id, PAIRING_SCHEDULE
    )
    now = services.clock.now()
    joined = ngettext(
        "{count} member joined ({paused} paused)",
        "{count} members joined ({paused} paused)",
        figures.opted_in,
    ).format(count=figures.opted_in, paused=formats.number(figures.paused))
    rounds = ngettext("{count} round", "{count} rounds", figures.rounds).format(
        count=figures.rounds
    )
    lines = [
        _("Buddy pairing: {joined}; {rounds}, {groups}; {meeting}.").format(
            joined=joined, rounds=rounds, groups=_groups(figures.groups), meeting=meeting
        )
    ]
    lines += [
        _("Rounds run {when} ({zone}).").format(when=describe(info, now), zone=info.rule.zone)
        for info in schedules
    ]
    return Reply.text(scope.says("\n".join(lines)))


_THANKS = {  # catalogue messages: `_(_THANKS[answer])` where shown
    Answer.MET: N_("Wonderful, thanks for meeting! 🎉"),
    Answer.NOT_YET: N_("Thanks! There's still time: suggest a slot in this conversation."),
    Answer.SKIP: N_("No problem, this round is skipped for you."),
}


@button(CHECKIN_ACTION, level=Level.MEMBER)
async def check_in(context: BuddyContext) -> Reply:
    """Answer a buddy check-in: We met, Not yet or Skip."""
    answer, group_id = parse_action(context.action_args)
    recorded = await context.services.pairing.answer(
        context.community_id, group_id, context.caller.id, answer
    )
    label = answer.label  # its button's label, already in the current language
    if recorded.previous is answer:
        return Reply.text(
            _("You already answered “{answer}”; nothing changed.").format(answer=label)
        )
    if recorded.previous is not None:
        changed = _("Changed your answer to “{answer}”.").format(answer=label)
        return Reply.text(" ".join([changed, _(_THANKS[answer])]))
    return Reply.text(_(_THANKS[answer]))


def split_channel(text: str | None) -> tuple[ChannelMention | None, str | None]:
    """Return the channel named first in `/buddy schedule`'s cadence text, and the rest.

    `/buddy schedule mon 09:00 #fall every 2 weeks` (or `... #fall`) schedules the rounds of
    the cohort at home in #fall, wherever it is typed.
    """
    if not text:
        return None, text
    first, _space, rest = text.strip().partition(" ")
    try:
        mention = read_channel(first)
    except ArgumentError:
        return None, text
    return mention, rest.strip() or None


async def _zone(context: BuddyContext) -> str:
    return context.caller.timezone or await context.services.communities.timezone(
        context.community_id
    )


def _name(context: BuddyContext, buddy: Buddy) -> str:
    return context.platform.mention(UserRef(context.platform.name, buddy.external_id))


def _past_buddy(context: BuddyContext, buddy: Buddy) -> str:
    """`@bob (round 2)`, or `@bob (fall round 2)` for a cohort's round."""
    if buddy.cohort is None:
        return _("{buddy} (round {number})").format(
            buddy=_name(context, buddy), number=buddy.round_number
        )
    return _("{buddy} ({cohort} round {number})").format(
        buddy=_name(context, buddy), cohort=buddy.cohort, number=buddy.round_number
    )


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
