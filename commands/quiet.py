"""`/nudges` (members opt out of quiet-member check-ins, or say they are just reading),
`/quiet list` (hosts; readers apart), nudge buttons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from bot.clock import Clock
from bot.cohorts import CohortService
from bot.errors import PlatformError, UserFacingError
from bot.host_requests import HostRequestService
from bot.i18n import _, formats, ngettext
from bot.ids import button_id
from bot.levels import Level
from bot.messages import Reply
from bot.participation.nudge_sweep import NUDGE_ACTION
from bot.participation.nudges import READING, NudgeLedger
from bot.participation.quiet import QuietMember, QuietService
from bot.participation.service import ParticipationService
from bot.refs import UserRef
from bot.shared.activity import ActivityService
from bot.shared.communities import CommunityService
from commands.arguments import action_words
from commands.context import Context
from commands.registry import Registry
from commands.scoping import scope_of
from commands.spec import button, command

SNOOZE_DAYS = 14
LIST_LIMIT = 25
MAX_DAYS = 365


@dataclass(frozen=True, slots=True)
class QuietServices:
    """What the nudge and quiet-member commands use."""

    participation: ParticipationService
    quiet: QuietService
    nudges: NudgeLedger
    activity: ActivityService
    communities: CommunityService
    cohorts: CohortService
    host_requests: HostRequestService
    clock: Clock


QuietContext = Context[QuietServices]


@command("nudges off", level=Level.MEMBER)
async def nudges_off(context: QuietContext) -> Reply:
    """Stop the occasional check-in Cohort sends when you have been quiet for a while."""
    await context.services.participation.set_nudges(
        context.community_id, context.caller.id, on=False
    )
    return Reply.text(_("Done: no more quiet-member check-ins. /nudges on brings them back."))


@command("nudges reading", level=Level.MEMBER)
async def nudges_reading(context: QuietContext) -> Reply:
    """Say you're just reading: no check-ins until you post again (/nudges on undoes it)."""
    services = context.services
    await services.participation.read_quietly(
        context.community_id, context.caller.id, services.clock.now()
    )
    return Reply.text(_reading_answer())


def _reading_answer() -> str:
    return _(
        "Thanks for letting me know, enjoy reading! Lurking is learning too: no check-ins "
        "until you post again (/nudges on brings them back sooner)."
    )


@command("nudges on", level=Level.MEMBER)
async def nudges_on(context: QuietContext) -> Reply:
    """Allow an occasional check-in when you have been quiet for a while (ends "just reading")."""
    await context.services.participation.set_nudges(
        context.community_id, context.caller.id, on=True
    )
    return Reply.text(
        _(
            "Done: if you go quiet for a while, I may send you one friendly check-in. "
            "/nudges off stops them."
        )
    )


@command("quiet list", level=Level.HOST, read_only=True)
async def quiet_list(
    context: QuietContext, days: Annotated[int | None, "quiet for at least this many days"] = None
) -> Reply:
    """List members who have not posted or reacted lately, readers apart (default: nudge days).

    Typed in a cohort's home channel (or a thread under it), only that cohort's members.
    """
    wanted = days if days is not None else context.services.quiet.default_days
    if not 1 <= wanted <= MAX_DAYS:
        raise UserFacingError(
            _("Choose between 1 and {highest} days, like /quiet list 14.").format(highest=MAX_DAYS)
        )
    scope = await scope_of(context, context.services.cohorts)
    members = None
    if scope.cohort is not None:
        members = await context.services.cohorts.member_ids(
            scope.cohort, context.platform, context.community
        )
    now = context.services.clock.now()
    await context.services.activity.flush()  # count what was posted a moment ago
    quiet_service = context.services.quiet
    quiet = await quiet_service.quiet(
        context.community_id, now, wanted, limit=LIST_LIMIT, members=members
    )
    tally = await quiet_service.tally(context.community_id, now, wanted, members=members)
    lines = _quiet_lines(context, quiet, tally.quiet, wanted)
    if tally.reading:
        lines.append(_reading_line(tally.reading))
    return Reply.text(scope.says("\n".join(lines)))


def _quiet_lines(
    context: QuietContext, quiet: list[QuietMember], total: int, days: int
) -> list[str]:
    """Return the quiet members' heading and lines, or the line saying there are none."""
    if not quiet:
        return [
            ngettext(
                "Nobody has been quiet for {count} day or more.",
                "Nobody has been quiet for {count} days or more.",
                days,
            ).format(count=days)
        ]
    period = ngettext("{count}+ day", "{count}+ days", days).format(count=days)
    heading = ngettext(
        "Quiet for {days}: {count} member, longest quiet first.",
        "Quiet for {days}: {count} members, longest quiet first.",
        total,
    ).format(days=period, count=total)
    lines = [heading, *(_quiet_line(context, member) for member in quiet)]
    if total > len(quiet):
        hidden = total - len(quiet)
        lines.append(
            ngettext("... and {count} more.", "... and {count} more.", hidden).format(count=hidden)
        )
    lines.append(_("They get one private, kind check-in (never a public call-out)."))
    return lines


def _reading_line(readers: int) -> str:
    """Return the readers' line: a count, apart from the quiet, and never a problem."""
    return ngettext(
        "Reading: {count} member said they're just reading. Lurking is learning too; "
        "they get no check-ins until they post again.",
        "Reading: {count} members said they're just reading. Lurking is learning too; "
        "they get no check-ins until they post again.",
        readers,
    ).format(count=readers)


def _quiet_line(context: QuietContext, member: QuietMember) -> str:
    """Return one quiet member's line: `• @ann: last post 2026-01-02 · nudges off`."""
    seen = formats.day(member.last_active_at.date()) if member.last_active_at else _("never")
    notes = [_("last post {date}").format(date=seen)]
    if member.nudges_off:
        notes.append(_("nudges off"))
    if member.last_nudged_at is not None:
        notes.append(_("nudged {date}").format(date=formats.day(member.last_nudged_at.date())))
    who = context.platform.mention(UserRef(context.platform.name, member.external_id))
    return f"• {who}: " + " · ".join(notes)


@button(NUDGE_ACTION, level=Level.MEMBER)
async def answer_nudge(context: QuietContext) -> Reply:
    """Answer a quiet-member check-in: just reading, snooze, a buddy, or a host."""
    choice, target = action_words(context.action_args, 2)
    nudge_id = target.partition("@")[0]  # after @: the community, for presses in DMs
    ledger = context.services.nudges
    nudge = await ledger.get(button_id(nudge_id), context.community_id)
    await ledger.answer(nudge, context.caller.id, choice)
    if choice == "host" and nudge.outcome == "host":
        return Reply.text(_("The hosts already know; one of them will reach out to you."))
    if choice == READING:
        return Reply.text(_reading_answer())
    if choice == "snooze":
        until = await ledger.snooze(context.community_id, context.caller.id, SNOOZE_DAYS)
        return Reply.text(
            _("Snoozed: no check-ins until {date}.").format(date=formats.day(until.date()))
        )
    if choice == "pair":
        join = context.services.quiet.join_pairing
        return Reply.text(await join(context.community_id, context.caller.id))
    return await _tell_hosts(context)


async def _tell_hosts(context: QuietContext) -> Reply:
    """A card in the hosts channel that the first host to claim answers."""
    try:
        await context.services.host_requests.talk(
            context.platform, context.community_id, context.caller.id
        )
    except UserFacingError as no_hosts_channel:
        return Reply.text(str(no_hosts_channel))
    except PlatformError:
        return Reply.text(_("I couldn't reach the hosts just now; please try again later."))
    return Reply.text(_("I've let the hosts know; one of them will reach out to you."))


def setup(registry: Registry, services: QuietServices) -> None:
    """Register the nudge and quiet-member commands and the nudge buttons, bound to `services`."""
    registry.add(nudges_off, nudges_on, nudges_reading, quiet_list, answer_nudge, services=services)
