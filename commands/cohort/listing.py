"""`/cohort list` and `/cohort show`: the cohorts, their members, terms and schedules."""

from __future__ import annotations

from typing import Annotated

from bot.cohorts import CohortInfo, Phase, Roster
from bot.errors import UserFacingError
from bot.i18n import N_, _, formats, ngettext
from bot.levels import Level, may_use
from bot.messages import Reply
from bot.pairing.service import PAIRING_SCHEDULE
from bot.refs import ChannelRef, RoleRef, UserRef
from bot.shared.schedules import describe
from commands.cohort.common import CohortContext, cohort_names
from commands.spec import Suggest, command


@command("cohort list", level=Level.MEMBER, read_only=True)
async def list_cohorts(context: CohortContext) -> Reply:
    """List the cohorts you are in (hosts: all of them, with member counts)."""
    cohorts = context.services.cohorts
    if may_use(context.caller.level, Level.HOST):
        every = await cohorts.all(context.community_id)
        if not every:
            return Reply.text(_("There are no cohorts yet. Create one with /cohort create."))
        lines = [_("Cohorts:")]
        for cohort in every:
            roster = await cohorts.roster(cohort, context.platform, context.community)
            lines.append(_cohort_line(context, cohort, len(roster.members)))
        return Reply.text("\n".join(lines))
    mine = await cohorts.of_member(context.community_id, context.caller.id, context.caller_roles)
    if not mine:
        return Reply.text(_("You are not in any cohort."))
    names = ", ".join(cohort.name for cohort in mine)
    return Reply.text(_("Your cohorts: {names}").format(names=names))


def _cohort_line(context: CohortContext, cohort: CohortInfo, count: int) -> str:
    home = context.platform.mention(ChannelRef(context.platform.name, cohort.home_channel))
    if cohort.archived:
        return ngettext(
            "{name} ({channel}): {count} member, archived",
            "{name} ({channel}): {count} members, archived",
            count,
        ).format(name=cohort.name, channel=home, count=count)
    return ngettext(
        "{name} ({channel}): {count} member", "{name} ({channel}): {count} members", count
    ).format(name=cohort.name, channel=home, count=count)


@command("cohort show", level=Level.HOST, read_only=True)
async def show_cohort(
    context: CohortContext,
    name: Annotated[
        str | None, "the cohort's name (default: this channel's cohort)", Suggest(cohort_names)
    ] = None,
) -> Reply:
    """Show a cohort: members, home channel, term and current week, schedules."""
    cohorts = context.services.cohorts
    if name is not None:
        cohort = await cohorts.find(context.community_id, name)
    elif here := await cohorts.for_channel(context.community_id, context.home_channel.id):
        cohort = here
    else:
        raise UserFacingError(
            _("This channel is no cohort's home: name one, as in /cohort show <name>.")
        )
    roster = await cohorts.roster(cohort, context.platform, context.community)
    lines = [_heading(context, cohort), await term_line(context, cohort)]
    lines += _roster_lines(context, cohort, roster)
    lines += await _schedule_lines(context, cohort)
    return Reply.text("\n".join(lines))


SCHEDULE_KINDS = {"topic": N_("topics"), "pairing": N_("buddy rounds"), "digest": N_("digest")}
"""What each kind of schedule does, as `/cohort show` names it."""
CHANNEL_LESS = frozenset({PAIRING_SCHEDULE})
"""Kinds whose schedule posts in no one channel (a round opens private conversations)."""


async def _schedule_lines(context: CohortContext, cohort: CohortInfo) -> list[str]:
    schedules = await context.services.schedules.for_scope(context.community_id, cohort.id)
    if not schedules:
        return [_("Schedules: none.")]
    now = context.services.cohorts.now()
    lines = [_("Schedules:")]
    for info in schedules:
        what = _(SCHEDULE_KINDS[info.kind]) if info.kind in SCHEDULE_KINDS else info.kind
        if info.kind in CHANNEL_LESS:
            lines.append(_("- {what}: {timing}").format(what=what, timing=describe(info, now)))
            continue
        channel = context.platform.mention(ChannelRef(context.platform.name, info.channel_id))
        lines.append(
            _("- {what} in {channel}: {timing}").format(
                what=what, channel=channel, timing=describe(info, now)
            )
        )
    return lines


def _heading(context: CohortContext, cohort: CohortInfo) -> str:
    home = context.platform.mention(ChannelRef(context.platform.name, cohort.home_channel))
    if cohort.archived_at is not None:
        return _("Cohort {name}, at home in {channel}; archived on {day}.").format(
            name=cohort.name, channel=home, day=formats.day(cohort.archived_at.date())
        )
    return _("Cohort {name}, at home in {channel}.").format(name=cohort.name, channel=home)


async def term_line(context: CohortContext, cohort: CohortInfo) -> str:
    term, cohorts = cohort.term, context.services.cohorts
    week, ends = await cohorts.current_week(cohort), await cohorts.term_end(cohort)
    if term is None or week is None or ends is None:
        return _("No term: set one with /cohort term {name} <YYYY-MM-DD> <weeks>.").format(
            name=cohort.name
        )
    span = ngettext(
        "Term: {count} week from {start} to {end}",
        "Term: {count} weeks from {start} to {end}",
        term.weeks,
    ).format(count=term.weeks, start=formats.day(term.start), end=formats.day(ends))
    now = {
        Phase.BEFORE: _("it has not started yet"),
        Phase.BREAK: _("this week is a break"),
        Phase.AFTER: _("it has ended"),
    }.get(week.phase) or _("now week {number}").format(number=week.number)
    return _("{term}; {now}.").format(term=span, now=now)


def _roster_lines(context: CohortContext, cohort: CohortInfo, roster: Roster) -> list[str]:
    platform = context.platform
    everyone = sorted(roster.members)
    people = ", ".join(platform.mention(UserRef(platform.name, user)) for user in everyone)
    count = len(everyone)
    lines = [
        ngettext("{count} member: {people}", "{count} members: {people}", count).format(
            count=count, people=people
        )
        if count
        else _("No members yet: add them with /cohort add {name} <member or role>.").format(
            name=cohort.name
        )
    ]
    for role in roster.roles:
        shown = platform.mention(RoleRef(platform.name, role))
        if role in roster.unknown_roles:
            lines.append(_("Role {role}: no longer exists.").format(role=shown))
            continue
        held = len(roster.holders[role])
        lines.append(
            ngettext("Role {role}: {count} holder", "Role {role}: {count} holders", held).format(
                role=shown, count=held
            )
        )
    if cohort.followed:
        lines.append(
            ngettext(
                "Follows its home channel: {count} member joined since.",
                "Follows its home channel: {count} members joined since.",
                len(roster.in_channel),
            ).format(count=len(roster.in_channel))
        )
    return lines
