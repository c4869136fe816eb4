"""What moderation says: the mod-log entry, the member's notice, a case's lines."""

from __future__ import annotations

from datetime import datetime

from bot.durations import format_duration as format_duration
from bot.messages import Button, ButtonStyle, Field, OutboundMessage
from bot.moderation.cases import CaseInfo, CaseKind
from bot.moderation.citation import without_citation
from bot.platform import Platform
from bot.refs import UserRef

ACK_ACTION = "mod:ack"

_PAST = {
    CaseKind.WARN: "warned",
    CaseKind.TIMEOUT: "timed out",
    CaseKind.UNTIMEOUT: "timeout lifted",
    CaseKind.KICK: "kicked",
    CaseKind.BAN: "banned",
    CaseKind.UNBAN: "unbanned",
    CaseKind.PURGE: "messages purged",
    CaseKind.NOTE: "note",
    CaseKind.DELETE: "message deleted",
}


def past(kind: CaseKind) -> str:
    """Return how a case's action reads in the past tense (`warned`, `timed out`)."""
    return _PAST[kind]


def day(moment: datetime) -> str:
    """Return a moment as `2026-01-05 08:00 UTC`."""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def who(platform: Platform, external_id: str | None, *, missing: str) -> str:
    """Return a member's mention, or `missing` when there is nobody (the bot, a forgotten one)."""
    return missing if external_id is None else platform.mention(UserRef(platform.name, external_id))


def log_entry(platform: Platform, case: CaseInfo) -> OutboundMessage:
    """Return the mod-log message for a case."""
    member = _subject(platform, case)
    moderator = _actor(platform, case)
    fields = [Field("Member", member)] if member else []
    fields += [Field("Moderator", moderator), *_details(case)]
    heading = f"Case {case.id}: {past(case.kind)} {member}".rstrip()
    return OutboundMessage(heading, fields=tuple(fields))


def _actor(platform: Platform, case: CaseInfo) -> str:
    """Return who acted: a moderator, the bot itself, or a moderator since forgotten."""
    if case.automatic:
        return "Cohort (automatic)"
    return who(platform, case.moderator_external_id, missing="(a forgotten moderator)")


def _subject(platform: Platform, case: CaseInfo) -> str:
    """Return who a case is about; empty for a purge of everyone's messages."""
    if case.member_id is None and case.kind == CaseKind.PURGE:
        return ""
    return who(platform, case.member_external_id, missing="(a forgotten member)")


def case_lines(platform: Platform, case: CaseInfo) -> str:
    """Return a case in full, for `/mod case`."""
    member = _subject(platform, case)
    moderator = _actor(platform, case)
    lines = [
        f"Case {case.id}: {past(case.kind)} {member}".rstrip(),
        f"By: {moderator}",
        f"When: {day(case.created_at)}",
    ]
    lines += [f"{field.name}: {field.value}" for field in _details(case)]
    if case.kind.told_to_member:
        seen = day(case.acknowledged_at) if case.acknowledged_at else "not yet"
        lines.append(f"Acknowledged: {seen}")
    return "\n".join(lines)


def case_line(platform: Platform, case: CaseInfo, now: datetime) -> str:
    """Return a case on one line, for `/mod cases`."""
    member = _subject(platform, case)
    reason = f": {case.reason}" if case.reason else ""
    state = _state(case, now)
    subject = f" {member}" if member else ""
    return f"{case.id}. {case.created_at:%Y-%m-%d} {past(case.kind)}{subject}{state}{reason}"


def own_line(case: CaseInfo, now: datetime) -> str:
    """Return a case on one line for the member it is about (`/warnings`)."""
    reason = f": {case.reason}" if case.reason else ""
    acknowledged = " (you acknowledged it)" if case.acknowledged_at else ""
    return f"{case.created_at:%Y-%m-%d} {past(case.kind)}{_state(case, now)}{reason}{acknowledged}"


def _state(case: CaseInfo, now: datetime) -> str:
    if case.kind == CaseKind.WARN:
        if case.active_at(now) and case.expires_at is not None:
            return f" (counts until {case.expires_at:%Y-%m-%d})"
        return " (expired)"
    if case.kind == CaseKind.TIMEOUT and case.duration is not None:
        return f" for {format_duration(case.duration)}"
    return ""


def _details(case: CaseInfo) -> list[Field]:
    fields = []
    if case.reason:
        fields.append(Field("Reason", case.reason))
    if case.guideline:
        fields.append(Field("Guideline", case.guideline))
    if case.duration is not None:
        fields.append(Field("Duration", format_duration(case.duration)))
    if case.expires_at is not None:
        label = "Counts until" if case.kind == CaseKind.WARN else "Until"
        fields.append(Field(label, day(case.expires_at)))
    if case.excerpt:
        fields.append(Field("Message", case.excerpt))
    return fields


_NOTICE = {
    CaseKind.WARN: "A moderator has warned you.",
    CaseKind.TIMEOUT: "You have been timed out for {duration}: you cannot post until it ends.",
    CaseKind.KICK: "You have been removed from the community.",
    CaseKind.BAN: "You have been banned from the community.",
}


def member_notice(case: CaseInfo) -> OutboundMessage:
    """Return the DM that tells a member which guideline and why, with "I understand"."""
    duration = format_duration(case.duration) if case.duration else ""
    opening = _NOTICE[case.kind].format(duration=duration)
    if case.kind == CaseKind.TIMEOUT and case.automatic:
        opening = opening.replace("timed out for", "timed out automatically for")
    fields = _notice_fields(case.guideline, case.reason, case.excerpt)
    if case.kind == CaseKind.WARN:
        # A warning says why in its first sentence, in the moderator's words minus "2:".
        opening = _warned(case)
        fields = [field for field in fields if field.name != "Why"]
        if case.expires_at is not None:
            fields.insert(1, Field("Counts until", day(case.expires_at)))
    return OutboundMessage(
        f"{opening} Case {case.id}. Press the button to say you have read this.",
        fields=tuple(fields),
        buttons=(Button("I understand", f"{ACK_ACTION}:{case.id}", ButtonStyle.PRIMARY),),
    )


def _warned(case: CaseInfo) -> str:
    said = without_citation(case.reason or "").strip()
    if not said:
        return _NOTICE[CaseKind.WARN]
    ending = "" if said[-1] in ".!?" else "."
    return f"A moderator has warned you: {said}{ending}"


def removal_notice(
    kind: CaseKind, guideline: str | None, reason: str | None, excerpt: str | None
) -> OutboundMessage:
    """Return the DM sent just before a kick or ban, while the member can still receive it.

    Once the removal has happened it is edited into the full notice with its case number.
    """
    opening = _NOTICE[kind].format(duration="")
    return OutboundMessage(opening, fields=tuple(_notice_fields(guideline, reason, excerpt)))


def _notice_fields(guideline: str | None, reason: str | None, excerpt: str | None) -> list[Field]:
    fields = [Field("Guideline", guideline or "the community guidelines (/guidelines)")]
    fields.append(Field("Why", reason or "no reason was given"))
    if excerpt:
        fields.append(Field("Your message", excerpt))
    return fields
