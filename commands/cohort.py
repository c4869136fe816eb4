"""`/cohort`: the cohort registry — named groups of members with a home channel and a term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from bot.cohorts import CohortInfo, CohortService, Phase, Roster
from bot.errors import UserFacingError
from bot.i18n import N_, _, ngettext
from bot.levels import Level, may_use
from bot.messages import Reply
from bot.platform import Capability, require
from bot.refs import ChannelRef, RoleRef, UserRef
from bot.shared.members import MemberService
from bot.shared.schedules import ScheduleService, describe
from commands.context import Context, SuggestContext
from commands.registry import Registry
from commands.spec import Suggest, Suggestion, command
from commands.suggest import containing
from commands.types import ChannelMention, RoleOrMember


@dataclass(frozen=True, slots=True)
class CohortServices:
    """What the cohort commands use."""

    cohorts: CohortService
    members: MemberService
    schedules: ScheduleService


CohortContext = Context[CohortServices]


async def cohort_names(context: SuggestContext[CohortServices], typed: str) -> list[Suggestion]:
    """Suggest the community's cohorts by name, keeping those containing what was typed."""
    cohorts = await context.services.cohorts.all(context.community_id)
    return containing(typed, [Suggestion(cohort.name, cohort.name) for cohort in cohorts])


Name = Annotated[str, "the cohort's name", Suggest(cohort_names)]


@command("cohort create", level=Level.HOST)
async def create_cohort(
    context: CohortContext,
    name: Annotated[str, "letters, digits and dashes"],
    channel: Annotated[ChannelMention, "its home channel"],
) -> Reply:
    """Create a cohort whose home is a channel."""
    cohort = await context.services.cohorts.create(context.community_id, name, channel.id)
    home = context.platform.mention(ChannelRef(context.platform.name, channel.id))
    return Reply.text(
        _(
            "Created the cohort {name}, at home in {channel}. Add people with "
            "/cohort add {name} <member or role>."
        ).format(name=cohort.name, channel=home)
    )


@command("cohort add", level=Level.HOST)
async def add_to_cohort(
    context: CohortContext,
    name: Name,
    who: Annotated[RoleOrMember, "a member, role or user group"],
) -> Reply:
    """Add a member, or everyone holding a role, to a cohort."""
    cohort = await context.services.cohorts.find_active(context.community_id, name)
    if who.is_role:
        role = RoleRef(context.platform.name, who.id)
        await context.platform.role_members(context.community, role)  # an unknown role: refused
        added = await context.services.cohorts.set_role(cohort, who.id, True)
        shown = context.platform.mention(role)
        template = (
            _("Everyone holding {role} is now in {name}.")
            if added
            else _("{role} was already in {name}. Nothing was changed.")
        )
        return Reply.text(template.format(role=shown, name=cohort.name))
    member_id = await _member_here(context, who.id)
    added = await context.services.cohorts.set_listed(cohort, member_id, True)
    shown = context.platform.mention(UserRef(context.platform.name, who.id))
    template = (
        _("{member} is now in {name}.")
        if added
        else _("{member} was already in {name}. Nothing was changed.")
    )
    return Reply.text(template.format(member=shown, name=cohort.name))


async def _member_here(context: CohortContext, user_id: str) -> int:
    """Return the member's id; refuse someone the platform does not know in this community."""
    user = UserRef(context.platform.name, user_id)
    actor = await context.platform.member(context.community, user)
    if actor is None or actor.is_bot:
        raise UserFacingError(
            _("{member} is not a member here. Nothing was changed.").format(
                member=context.platform.mention(user)
            )
        )
    return (await context.services.members.resolve(context.community_id, actor)).id


@command("cohort remove", level=Level.HOST)
async def remove_from_cohort(
    context: CohortContext,
    name: Name,
    who: Annotated[RoleOrMember, "a member, role or user group"],
) -> Reply:
    """Take a member, or a role, out of a cohort."""
    cohort = await context.services.cohorts.find_active(context.community_id, name)
    if who.is_role:
        shown = context.platform.mention(RoleRef(context.platform.name, who.id))
        if not await context.services.cohorts.set_role(cohort, who.id, False):
            raise UserFacingError(
                _("{role} is not one of {name}'s roles. Nothing was changed.").format(
                    role=shown, name=cohort.name
                )
            )
        return Reply.text(_("{role} is no longer in {name}.").format(role=shown, name=cohort.name))
    shown = context.platform.mention(UserRef(context.platform.name, who.id))
    member_id = await _known_id(context, who.id)
    removed = member_id is not None and await context.services.cohorts.set_listed(
        cohort, member_id, False
    )
    if not removed:
        raise UserFacingError(
            _("{member} is not listed in {name}. Nothing was changed.").format(
                member=shown, name=cohort.name
            )
        )
    return Reply.text(
        _("{member} is no longer listed in {name}.").format(member=shown, name=cohort.name)
    )


async def _known_id(context: CohortContext, user_id: str) -> int | None:
    try:
        return await context.services.members.find_id(context.community_id, user_id)
    except UserFacingError:
        return None


@command("cohort follow", level=Level.HOST)
async def follow_home(context: CohortContext, name: Name) -> Reply:
    """Slack: the cohort's members are its home channel's members, kept in step."""
    require(context.platform, Capability.CHANNEL_MEMBERSHIP)
    cohort = await context.services.cohorts.find_active(context.community_id, name)
    home = context.platform.mention(ChannelRef(context.platform.name, cohort.home_channel))
    if not await context.services.cohorts.follow(cohort):
        return Reply.text(
            _("{name} already follows {channel}. Nothing was changed.").format(
                name=cohort.name, channel=home
            )
        )
    return Reply.text(
        _(
            "{name} now follows {channel}: whoever joins it from now on is in the cohort, "
            "whoever leaves it is out. People already in the channel are not counted until "
            "they join again; add them with /cohort add."
        ).format(name=cohort.name, channel=home)
    )


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
    lines = [_heading(context, cohort), await _term_line(context, cohort)]
    lines += _roster_lines(context, cohort, roster)
    lines += await _schedule_lines(context, cohort)
    return Reply.text("\n".join(lines))


SCHEDULE_KINDS = {"topic": N_("topics"), "pairing": N_("buddy rounds"), "digest": N_("digest")}
"""What each kind of schedule does, as `/cohort show` names it."""


async def _schedule_lines(context: CohortContext, cohort: CohortInfo) -> list[str]:
    schedules = await context.services.schedules.for_scope(context.community_id, cohort.id)
    if not schedules:
        return [_("Schedules: none.")]
    now = context.services.cohorts.now()
    lines = [_("Schedules:")]
    for info in schedules:
        channel = context.platform.mention(ChannelRef(context.platform.name, info.channel_id))
        what = _(SCHEDULE_KINDS[info.kind]) if info.kind in SCHEDULE_KINDS else info.kind
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
            name=cohort.name, channel=home, day=cohort.archived_at.date().isoformat()
        )
    return _("Cohort {name}, at home in {channel}.").format(name=cohort.name, channel=home)


async def _term_line(context: CohortContext, cohort: CohortInfo) -> str:
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
    ).format(count=term.weeks, start=term.start.isoformat(), end=ends.isoformat())
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


@command("cohort term", level=Level.HOST)
async def set_term(
    context: CohortContext,
    name: Name,
    starts: Annotated[date, "the term's first day, YYYY-MM-DD"],
    weeks: Annotated[int, "its length in weeks, 1 to 52"],
) -> Reply:
    """Set a cohort's term: its first day and its length in weeks."""
    cohorts = context.services.cohorts
    cohort = await cohorts.find_active(context.community_id, name)
    await cohorts.set_term(cohort, starts, weeks)
    updated = await cohorts.find(context.community_id, cohort.name)
    return Reply.text(
        _("{name}'s term is set. {term} Outside it, its scheduled work pauses by itself.").format(
            name=cohort.name, term=await _term_line(context, updated)
        )
    )


@command("cohort archive", level=Level.HOST)
async def archive_cohort(context: CohortContext, name: Name) -> Reply:
    """End a cohort: its schedules stop, its data stays readable in /stats."""
    cohort = await context.services.cohorts.find_active(context.community_id, name)
    stopped = await context.services.cohorts.archive(cohort)
    return Reply.text(
        ngettext(
            "Archived {name}: its {count} schedule stopped, and what it did stays readable "
            "in /stats.",
            "Archived {name}: its {count} schedules stopped, and what it did stays readable "
            "in /stats.",
            stopped,
        ).format(name=cohort.name, count=stopped)
        if stopped
        else _("Archived {name}: its work stops, and what it did stays readable in /stats.").format(
            name=cohort.name
        )
    )


def setup(registry: Registry, services: CohortServices) -> None:
    """Register the cohort commands, bound to `services`."""
    registry.add(
        create_cohort,
        add_to_cohort,
        remove_from_cohort,
        follow_home,
        list_cohorts,
        show_cohort,
        set_term,
        archive_cohort,
        services=services,
    )
