"""What moderation says: the mod-log entry, the member's notice, a case's lines."""

from __future__ import annotations

from datetime import datetime

from bot.durations import format_duration as format_duration
from bot.durations import shown_duration as shown_duration
from bot.i18n import N_, _, formats
from bot.messages import Button, ButtonStyle, Field, OutboundMessage
from bot.moderation.cases import CaseInfo, CaseKind
from bot.moderation.citation import without_citation
from bot.platform import Platform
from bot.refs import UserRef

ACK_ACTION = "mod:ack"

# A case's kind as a label in the log and in lists (`Case 3: warned @ann`).
_PAST = {
    CaseKind.WARN: N_("warned"),
    CaseKind.TIMEOUT: N_("timed out"),
    CaseKind.UNTIMEOUT: N_("timeout lifted"),
    CaseKind.KICK: N_("kicked"),
    CaseKind.BAN: N_("banned"),
    CaseKind.UNBAN: N_("unbanned"),
    CaseKind.PURGE: N_("messages purged"),
    CaseKind.NOTE: N_("note"),
    CaseKind.DELETE: N_("message deleted"),
}
FORGOTTEN_MEMBER = N_("(a forgotten member)")


def past(kind: CaseKind) -> str:
    """Return how a case's action reads in the past tense (`warned`, `timed out`)."""
    return _(_PAST[kind])


def day(moment: datetime) -> str:
    """Return a moment as `2026-01-05 08:00 UTC`."""
    return _("{time} UTC").format(time=formats.moment(moment))


def who(platform: Platform, external_id: str | None, *, missing: str) -> str:
    """Return a member's mention, or `missing` when there is nobody (the bot, a forgotten one)."""
    return missing if external_id is None else platform.mention(UserRef(platform.name, external_id))


def log_entry(platform: Platform, case: CaseInfo) -> OutboundMessage:
    """Return the mod-log message for a case."""
    member = _subject(platform, case)
    moderator = _actor(platform, case)
    fields = [Field(_("Member"), member)] if member else []
    fields += [Field(_("Moderator"), moderator), *_details(case)]
    return OutboundMessage(_heading(case, member), fields=tuple(fields))


def _heading(case: CaseInfo, member: str) -> str:
    """Return `Case 3: warned @ann` (`Case 4: messages purged` when it is about nobody)."""
    if not member:
        return _("Case {case}: {action}").format(case=case.id, action=past(case.kind))
    return _("Case {case}: {action} {member}").format(
        case=case.id, action=past(case.kind), member=member
    )


def _actor(platform: Platform, case: CaseInfo) -> str:
    """Return who acted: a moderator, the bot itself, or a moderator since forgotten."""
    if case.automatic:
        return _("Cohort (automatic)")
    return who(platform, case.moderator_external_id, missing=_("(a forgotten moderator)"))


def _subject(platform: Platform, case: CaseInfo) -> str:
    """Return who a case is about; empty for a purge of everyone's messages."""
    if case.member_id is None and case.kind == CaseKind.PURGE:
        return ""
    return who(platform, case.member_external_id, missing=_(FORGOTTEN_MEMBER))


def case_lines(platform: Platform, case: CaseInfo) -> str:
    """Return a case in full, for `/mod case`."""
    member = _subject(platform, case)
    moderator = _actor(platform, case)
    lines = [
        _heading(case, member),
        _("By: {moderator}").format(moderator=moderator),
        _("When: {time}").format(time=day(case.created_at)),
    ]
    lines += [f"{field.name}: {field.value}" for field in _details(case)]
    if case.kind.told_to_member:
        if case.acknowledged_at:
            lines.append(_("Acknowledged: {time}").format(time=day(case.acknowledged_at)))
        else:
            lines.append(_("Acknowledged: not yet"))
    return "\n".join(lines)


def case_line(platform: Platform, case: CaseInfo, now: datetime) -> str:
    """Return a case on one line, for `/mod cases`."""
    member = _subject(platform, case)
    reason = f": {case.reason}" if case.reason else ""
    state = _state(case, now)
    subject = f" {member}" if member else ""
    created = formats.day(case.created_at.date())
    return f"{case.id}. {created} {past(case.kind)}{subject}{state}{reason}"


def own_line(case: CaseInfo, now: datetime) -> str:
    """Return a case on one line for the member it is about (`/warnings`)."""
    reason = f": {case.reason}" if case.reason else ""
    acknowledged = " " + _("(you acknowledged it)") if case.acknowledged_at else ""
    created = formats.day(case.created_at.date())
    return f"{created} {past(case.kind)}{_state(case, now)}{reason}{acknowledged}"


def _state(case: CaseInfo, now: datetime) -> str:
    """Return what a listed case adds after its label: ` (expired)`, ` for 1h`, or nothing."""
    if case.kind == CaseKind.WARN:
        if case.active_at(now) and case.expires_at is not None:
            return " " + _("(counts until {date})").format(date=formats.day(case.expires_at.date()))
        return " " + _("(expired)")
    if case.kind == CaseKind.TIMEOUT and case.duration is not None:
        return " " + _("for {duration}").format(duration=shown_duration(case.duration))
    return ""


def _details(case: CaseInfo) -> list[Field]:
    fields = []
    if case.reason:
        fields.append(Field(_("Reason"), case.reason))
    if case.guideline:
        fields.append(Field(_("Guideline"), case.guideline))
    if case.duration is not None:
        fields.append(Field(_("Duration"), shown_duration(case.duration)))
    if case.expires_at is not None:
        label = _("Counts until") if case.kind == CaseKind.WARN else _("Until")
        fields.append(Field(label, day(case.expires_at)))
    if case.excerpt:
        fields.append(Field(_("Message"), case.excerpt))
    return fields


_NOTICE = {
    CaseKind.WARN: N_("A moderator has warned you."),
    CaseKind.TIMEOUT: N_("You have been timed out for {duration}: you cannot post until it ends."),
    CaseKind.KICK: N_("You have been removed from the community."),
    CaseKind.BAN: N_("You have been banned from the community."),
}
_AUTOMATIC_TIMEOUT = N_(
    "You have been timed out automatically for {duration}: you cannot post until it ends."
)


def member_notice(case: CaseInfo) -> OutboundMessage:
    """Return the DM that tells a member which guideline and why, with "I understand"."""
    if case.kind == CaseKind.WARN:
        # A warning says why in its first sentence, in the moderator's words minus "2:".
        opening = _warned(case)
        fields = _notice_fields(case.guideline, None, case.excerpt, why=False)
        if case.expires_at is not None:
            fields.insert(1, Field(_("Counts until"), day(case.expires_at)))
    else:
        opening = _opening(case)
        fields = _notice_fields(case.guideline, case.reason, case.excerpt)
    return OutboundMessage(
        _("{notice} Case {case}. Press the button to say you have read this.").format(
            notice=opening, case=case.id
        ),
        fields=tuple(fields),
        buttons=(Button(_("I understand"), f"{ACK_ACTION}:{case.id}", ButtonStyle.PRIMARY),),
    )


def _opening(case: CaseInfo) -> str:
    """Return the notice's first sentence: what happened to the member."""
    duration = shown_duration(case.duration) if case.duration else ""
    automatic = case.kind == CaseKind.TIMEOUT and case.automatic
    template = _AUTOMATIC_TIMEOUT if automatic else _NOTICE[case.kind]
    return _(template).format(duration=duration)


def _warned(case: CaseInfo) -> str:
    said = without_citation(case.reason or "").strip()
    if not said:
        return _(_NOTICE[CaseKind.WARN])
    if said[-1] in ".!?":
        return _("A moderator has warned you: {reason}").format(reason=said)
    return _("A moderator has warned you: {reason}.").format(reason=said)


def removal_notice(
    kind: CaseKind, guideline: str | None, reason: str | None, excerpt: str | None
) -> OutboundMessage:
    """Return the DM sent just before a kick or ban, while the member can still receive it.

    Once the removal has happened it is edited into the full notice with its case number.
    """
    opening = _(_NOTICE[kind]).format(duration="")
    return OutboundMessage(opening, fields=tuple(_notice_fields(guideline, reason, excerpt)))


def _notice_fields(
    guideline: str | None, reason: str | None, excerpt: str | None, *, why: bool = True
) -> list[Field]:
    """Return the notice's fields: the guideline, why (unless the opening says), the message."""
    fields = [Field(_("Guideline"), guideline or _("the community guidelines (/guidelines)"))]
    if why:
        fields.append(Field(_("Why"), reason or _("no reason was given")))
    if excerpt:
        fields.append(Field(_("Your message"), excerpt))
    return fields
