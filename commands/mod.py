"""`/mod`: moderation actions, each recorded as a case and posted to the mod log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from bot.clock import Clock
from bot.durations import shown_duration
from bot.errors import UserFacingError
from bot.i18n import N_, _, ngettext
from bot.levels import Level
from bot.messages import Reply
from bot.moderation import reasons
from bot.moderation.actions import Action, ModerationService, Moderator, Outcome
from bot.moderation.cases import CaseInfo, CaseKind
from bot.moderation.notices import case_line, case_lines
from bot.platform import Capability, require
from bot.refs import UserRef
from bot.shared.members import MemberService
from commands.context import Context
from commands.registry import Registry
from commands.spec import command
from commands.types import MemberMention, Text

MAX_PURGE = 100

# What a moderator is told they did, a whole sentence per kind (translators need each whole).
_RECORDED = {
    CaseKind.WARN: N_("Warned {member} (case {number})."),
    CaseKind.TIMEOUT: N_("Timed out {member} (case {number})."),
    CaseKind.UNTIMEOUT: N_("Timeout lifted for {member} (case {number})."),
    CaseKind.KICK: N_("Kicked {member} (case {number})."),
    CaseKind.BAN: N_("Banned {member} (case {number})."),
    CaseKind.UNBAN: N_("Unbanned {member} (case {number})."),
    CaseKind.NOTE: N_("Note about {member} recorded (case {number})."),
}


@dataclass(frozen=True, slots=True)
class ModServices:
    """What the moderation commands use."""

    moderation: ModerationService
    members: MemberService
    clock: Clock


ModContext = Context[ModServices]


def moderator(context: Context[object]) -> Moderator:
    """Return the caller as the moderator of an action."""
    caller = context.caller
    return Moderator(caller.id, caller.external_id, caller.level)


async def act(
    context: ModContext,
    kind: CaseKind,
    member: MemberMention,
    reason: str | None = None,
    duration: timedelta | None = None,
) -> Outcome:
    """Perform one action on a member named in a command, as the caller."""
    user = UserRef(context.platform.name, member.id)
    services = context.services
    target = await services.moderation.target(
        context.platform,
        context.community,
        context.community_id,
        user,
        absent_ok=kind == CaseKind.UNBAN,
    )
    action = Action(
        community=context.community,
        community_id=context.community_id,
        kind=kind,
        target=target,
        moderator=moderator(context),
        reason=reason,
        duration=duration,
    )
    return await services.moderation.perform(context.platform, action)


def done(context: ModContext, outcome: Outcome) -> Reply:
    """Return the moderator's answer: what was recorded, and anything worth knowing."""
    lines = [_recorded(context, outcome.case)]
    escalation = outcome.escalation
    if escalation is not None and escalation.duration is not None:
        lines.append(
            _(
                "That was an active warning too many: they were timed out for {duration} "
                "automatically (case {number})."
            ).format(duration=shown_duration(escalation.duration), number=escalation.id)
        )
    return Reply.text(" ".join(lines + outcome.notes))


def _recorded(context: ModContext, case: CaseInfo) -> str:
    """Return `Warned @ann (case 3).`; `Case 3 is recorded.` when nobody is named."""
    template = _RECORDED.get(case.kind)
    if case.member_external_id is None or template is None:
        return _("Case {number} is recorded.").format(number=case.id)
    who = context.platform.mention(UserRef(context.platform.name, case.member_external_id))
    return _(template).format(member=who, number=case.id)


@command("mod warn", level=Level.MODERATOR)
async def warn(
    context: ModContext,
    member: Annotated[MemberMention, "who"],
    reason: Annotated[Text, "why; to cite a rule, start with 2:, rule 2 or #2"],
) -> Reply:
    """Warn a member; warnings expire, and enough active ones time the member out."""
    return done(context, await act(context, CaseKind.WARN, member, reason))


@command("mod timeout", level=Level.MODERATOR)
async def timeout(
    context: ModContext,
    member: Annotated[MemberMention, "who"],
    duration: Annotated[timedelta, "how long, like 1h or 2d (at most 28d)"],
    reason: Annotated[Text | None, "why"] = None,
) -> Reply:
    """Time a member out: they cannot post until it ends."""
    return done(context, await act(context, CaseKind.TIMEOUT, member, reason, duration))


@command("mod untimeout", level=Level.MODERATOR)
async def untimeout(context: ModContext, member: Annotated[MemberMention, "who"]) -> Reply:
    """Lift a member's timeout early."""
    return done(context, await act(context, CaseKind.UNTIMEOUT, member))


@command("mod kick", level=Level.MODERATOR)
async def kick(
    context: ModContext,
    member: Annotated[MemberMention, "who"],
    reason: Annotated[Text | None, "why"] = None,
) -> Reply:
    """Remove a member from the community (on Slack: from every channel Cohort is in)."""
    return done(context, await act(context, CaseKind.KICK, member, reason))


@command("mod ban", level=Level.MODERATOR)
async def ban(
    context: ModContext,
    member: Annotated[MemberMention, "who"],
    reason: Annotated[Text | None, "why"] = None,
) -> Reply:
    """Ban a member: removed and kept out."""
    return done(context, await act(context, CaseKind.BAN, member, reason))


@command("mod unban", level=Level.MODERATOR)
async def unban(context: ModContext, member: Annotated[MemberMention, "who"]) -> Reply:
    """Let a banned member back in."""
    return done(context, await act(context, CaseKind.UNBAN, member))


@command("mod note", level=Level.MODERATOR)
async def note(
    context: ModContext,
    member: Annotated[MemberMention, "who"],
    text: Annotated[Text, "the note, for moderators only"],
) -> Reply:
    """Add a note about a member to the case log (moderators only see it)."""
    return done(context, await act(context, CaseKind.NOTE, member, text))


@command("mod purge", level=Level.MODERATOR)
async def purge(
    context: ModContext,
    count: Annotated[int, "how many recent messages, 1 to 100"],  # 100: MAX_PURGE
    member: Annotated[MemberMention | None, "only this member's"] = None,
) -> Reply:
    """Delete recent messages in this channel (only one member's, if named)."""
    if not 1 <= count <= MAX_PURGE:
        raise UserFacingError(
            _("Purge 1 to {highest} messages at a time.").format(highest=MAX_PURGE)
        )
    platform, services = context.platform, context.services
    require(platform, Capability.DELETE_MEMBER_MESSAGES)
    target = None
    author = None
    if member is not None:
        author = UserRef(platform.name, member.id)
        target = await services.moderation.target(
            platform, context.community, context.community_id, author
        )
    action = Action(
        community=context.community,
        community_id=context.community_id,
        kind=CaseKind.PURGE,
        target=target,
        moderator=moderator(context),
    )
    services.moderation.check_allowed(platform, action)
    deleted = await platform.purge(context.channel, count, author)
    if not deleted:
        return Reply.text(_nothing_to_purge(context, count, author))
    where = platform.mention(context.channel)
    reason = reasons.purged(len(deleted), where)
    outcome = await services.moderation.perform(platform, _with_reason(action, reason))
    return Reply.text(
        ngettext(
            "Deleted {count} message (case {number}).",
            "Deleted {count} messages (case {number}).",
            len(deleted),
        ).format(count=len(deleted), number=outcome.case.id)
    )


def _nothing_to_purge(context: ModContext, count: int, author: UserRef | None) -> str:
    if author is None:
        nothing = ngettext(
            "There was nothing to delete among the last {count} message here. "
            "Nothing was recorded.",
            "There was nothing to delete among the last {count} messages here. "
            "Nothing was recorded.",
            count,
        )
    else:
        nothing = ngettext(
            "There was nothing of {member}'s to delete among the last {count} message here. "
            "Nothing was recorded.",
            "There was nothing of {member}'s to delete among the last {count} messages here. "
            "Nothing was recorded.",
            count,
        )
    member = context.platform.mention(author) if author is not None else ""
    return nothing.format(count=count, member=member)


def _with_reason(action: Action, reason: str) -> Action:
    return Action(
        community=action.community,
        community_id=action.community_id,
        kind=action.kind,
        target=action.target,
        moderator=action.moderator,
        reason=reason,
    )


@command("mod cases", level=Level.MODERATOR, read_only=True)
async def cases(
    context: ModContext, member: Annotated[MemberMention | None, "only this member's"] = None
) -> Reply:
    """List the newest cases, of everyone or of one member."""
    members = context.services.members
    member_id = None if member is None else await members.find_id(context.community_id, member.id)
    found = await context.services.moderation.cases.recent(context.community_id, member_id)
    if not found:
        return Reply.text(_("No cases yet."))
    now = context.services.clock.now()
    heading = _("Newest cases:") if member is None else _("Newest cases about this member:")
    lines = [case_line(context.platform, case, now) for case in found]
    return Reply.text("\n".join([heading, *lines, _("Details: /mod case <id>")]))


@command("mod case", level=Level.MODERATOR, read_only=True)
async def case(context: ModContext, id: Annotated[int, "the case number"]) -> Reply:
    """Show one case in full."""
    found = await context.services.moderation.cases.get(context.community_id, id)
    return Reply.text(case_lines(context.platform, found))


def setup(registry: Registry, services: ModServices) -> None:
    """Register the moderation commands, bound to `services`."""
    registry.add(
        warn, timeout, untimeout, kick, ban, unban, purge, cases, case, note, services=services
    )
