"""A flag's card: what moderators read about a flagged message, and its buttons."""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages import Button, ButtonStyle, Field, OutboundMessage
from bot.moderation.actions import Outcome
from bot.moderation.reports import Reports
from bot.platform import Capability, Platform
from bot.refs import ChannelRef, UserRef
from bot.storage.models import ModFlag

FLAG_ACTION = "mod:flag"


@dataclass(frozen=True, slots=True)
class _Button:
    """One of the card's buttons: shown when the platform can do it and someone wrote it."""

    label: str
    action: str
    capability: Capability | None
    needs_author: bool
    style: ButtonStyle = ButtonStyle.NORMAL


_BUTTONS = (
    _Button("Dismiss", "dismiss", None, needs_author=False),
    _Button("Delete", "delete", Capability.DELETE_MEMBER_MESSAGES, needs_author=False),
    _Button("Warn", "warn", None, needs_author=True),
    _Button("Timeout 1h", "timeout", Capability.TIMEOUT, needs_author=True),
    _Button("Kick", "kick", Capability.KICK, needs_author=True, style=ButtonStyle.DANGER),
    _Button("Ban", "ban", Capability.BAN, needs_author=True, style=ButtonStyle.DANGER),
)
DONE = {
    "dismiss": "Dismissed",
    "delete": "Deleted",
    "warn": "Warned",
    "timeout": "Timed out for 1h",
    "kick": "Kicked",
    "ban": "Banned",
}


def card(
    platform: Platform,
    row: ModFlag,
    author: str | None,
    reporter: str | None,
    reports: Reports,
    *,
    anonymous: bool,
) -> OutboundMessage:
    """Return a flag's card, with a button for each action the platform allows."""
    text = f"Flag {row.id}: {_origin(platform, row, reporter, anonymous=anonymous)}"
    buttons = tuple(
        Button(spec.label, f"{FLAG_ACTION}:{spec.action}:{row.id}", spec.style)
        for spec in _BUTTONS
        if _offered(spec, platform, row, author)
    )
    fields = _fields(platform, row, author) + _reported(row, reports)
    return OutboundMessage(text, fields=fields, buttons=buttons)


def closed_card(opened: OutboundMessage, choice: str, by: str) -> OutboundMessage:
    """Return a handled card: who handled it and how, and no buttons."""
    return OutboundMessage(f"{opened.text}\n{DONE[choice]} by {by}.", fields=opened.fields)


def _origin(platform: Platform, row: ModFlag, reporter: str | None, *, anonymous: bool) -> str:
    if row.source == "report":
        if anonymous or reporter is None:
            return "a member reported this message"
        return f"reported by {platform.mention(UserRef(platform.name, reporter))}"
    if row.source == "automod":
        return f"{platform.name.capitalize()} AutoMod rule {row.rule or '(unnamed)'}"
    return f"filter {row.rule or '(unnamed)'} matched"


def _offered(spec: _Button, platform: Platform, row: ModFlag, author: str | None) -> bool:
    if spec.capability is not None and spec.capability not in platform.capabilities:
        return False
    if spec.needs_author and author is None:
        return False
    return not (spec.action == "delete" and row.message_external_id is None)


def _fields(platform: Platform, row: ModFlag, author: str | None) -> tuple[Field, ...]:
    fields = []
    if author is not None:
        fields.append(Field("Author", platform.mention(UserRef(platform.name, author))))
    if row.channel_external_id:
        channel = platform.mention(ChannelRef(platform.name, row.channel_external_id))
        fields.append(Field("Channel", channel))
        if row.message_external_id:
            fields.append(Field("Message", f"{row.message_external_id} in {channel}"))
    if row.excerpt:
        fields.append(Field("Excerpt", row.excerpt))
    if row.already_done:
        fields.append(Field("Already done", row.already_done))
    return tuple(fields)


def _reported(row: ModFlag, reports: Reports) -> tuple[Field, ...]:
    """Return the reasons reporters gave and, once several did, how many reported it."""
    reasons = reports.reasons if reports.count else tuple(filter(None, [row.reason]))
    fields = []
    if len(reasons) == 1:
        fields.append(Field("Reason given", reasons[0]))
    elif reasons:
        fields.append(Field("Reasons given", "; ".join(reasons)))
    if reports.count > 1:
        fields.append(Field("Reporters", str(reports.count)))
    return tuple(fields)


def flag_reason(row: ModFlag) -> str:
    if row.source == "report":
        why = f": {row.reason}" if row.reason else ""
        return f"Reported message{why}"
    if row.source == "automod":
        return f"AutoMod rule {row.rule or '(unnamed)'}"
    return f"Filter {row.rule or '(unnamed)'}"


def handled_text(choice: str, outcome: Outcome | None) -> str:
    if outcome is None:
        return "Dismissed. The card says so."
    text = f"{DONE[choice]}: case {outcome.case.id}."
    if outcome.escalation is not None:
        text += f" That makes case {outcome.escalation.id}: an automatic timeout."
    return " ".join([text, *outcome.notes])
