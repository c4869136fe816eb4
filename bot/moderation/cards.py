"""A flag's card: what moderators read about a flagged message, and its buttons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.i18n import N_, _, ngettext
from bot.messages import Button, ButtonStyle, Field, OutboundMessage
from bot.moderation import reasons
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
    _Button(N_("Dismiss"), "dismiss", None, needs_author=False),
    _Button(N_("Delete"), "delete", Capability.DELETE_MEMBER_MESSAGES, needs_author=False),
    _Button(N_("Warn"), "warn", None, needs_author=True),
    _Button(N_("Timeout 1h"), "timeout", Capability.TIMEOUT, needs_author=True),
    _Button(N_("Kick"), "kick", Capability.KICK, needs_author=True, style=ButtonStyle.DANGER),
    _Button(N_("Ban"), "ban", Capability.BAN, needs_author=True, style=ButtonStyle.DANGER),
)
DONE = {
    "dismiss": N_("Dismissed"),
    "delete": N_("Deleted"),
    "warn": N_("Warned"),
    "timeout": N_("Timed out for 1h"),
    "kick": N_("Kicked"),
    "ban": N_("Banned"),
}
HANDLED = N_("Handled")


def _done_by(choice: str | None, by: str) -> str:
    """Return how a card was handled and by whom: `Warned by @ann.`."""
    return _("{outcome} by {moderator}.").format(outcome=done_label(choice), moderator=by)


def done_label(choice: str | None) -> str:
    """Return how a card was handled (`Warned`); `Handled` for a choice not known."""
    return _(DONE.get(choice or "", HANDLED))


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
    text = _heading(platform, row, reporter, anonymous=anonymous)
    buttons = tuple(
        Button(_(spec.label), f"{FLAG_ACTION}:{spec.action}:{row.id}", spec.style)
        for spec in _BUTTONS
        if _offered(spec, platform, row, author)
    )
    fields = _fields(platform, row, author) + _reported(row, reports)
    return OutboundMessage(text, fields=fields, buttons=buttons)


def closed_card(opened: OutboundMessage, choice: str, by: str) -> OutboundMessage:
    """Return a handled card: who handled it and how, and no buttons."""
    return OutboundMessage(f"{opened.text}\n{_done_by(choice, by)}", fields=opened.fields)


def _heading(platform: Platform, row: ModFlag, reporter: str | None, *, anonymous: bool) -> str:
    """Return the card's first line: the flag's number and where it came from."""
    if row.source == "report":
        if anonymous or reporter is None:
            return _("Flag {number}: a member reported this message").format(number=row.id)
        mention = platform.mention(UserRef(platform.name, reporter))
        return _("Flag {number}: reported by {reporter}").format(number=row.id, reporter=mention)
    if row.source == "automod":
        return _("Flag {number}: {platform} AutoMod rule {rule}").format(
            number=row.id, platform=platform.name.capitalize(), rule=_rule(row)
        )
    return _("Flag {number}: filter {rule} matched").format(number=row.id, rule=_rule(row))


def _rule(row: ModFlag) -> str:
    """Return the rule that flagged a message, `(unnamed)` when the platform gave none."""
    return row.rule or _("(unnamed)")


def _offered(spec: _Button, platform: Platform, row: ModFlag, author: str | None) -> bool:
    return _can(
        spec, platform, has_author=author is not None, has_message=bool(row.message_external_id)
    )


def _can(spec: _Button, platform: Platform, *, has_author: bool, has_message: bool) -> bool:
    if spec.capability is not None and spec.capability not in platform.capabilities:
        return False
    if spec.needs_author and not has_author:
        return False
    return not (spec.action == "delete" and not has_message)


def offered_choices(
    platform: Platform, *, has_author: bool, has_message: bool
) -> list[tuple[str, str]]:
    """Return the card's buttons as (choice, label) pairs: what the dashboard offers too."""
    return [
        (spec.action, _(spec.label))
        for spec in _BUTTONS
        if _can(spec, platform, has_author=has_author, has_message=has_message)
    ]


def _fields(platform: Platform, row: ModFlag, author: str | None) -> tuple[Field, ...]:
    fields = []
    if author is not None:
        fields.append(Field(_("Author"), platform.mention(UserRef(platform.name, author))))
    if row.channel_external_id:
        channel = platform.mention(ChannelRef(platform.name, row.channel_external_id))
        fields.append(Field(_("Channel"), channel))
        if row.message_external_id:
            where = _("{message} in {channel}").format(
                message=row.message_external_id, channel=channel
            )
            fields.append(Field(_("Message"), where))
    if row.excerpt:
        fields.append(Field(_("Excerpt"), row.excerpt))
    if row.already_done:
        fields.append(Field(_("Already done"), row.already_done))
    return tuple(fields)


def _reported(row: ModFlag, reports: Reports) -> tuple[Field, ...]:
    """Return the reasons reporters gave and, once several did, how many reported it."""
    reasons = reports.reasons if reports.count else tuple(filter(None, [row.reason]))
    fields = []
    if len(reasons) == 1:
        fields.append(Field(_("Reason given"), reasons[0]))
    elif reasons:
        fields.append(Field(_("Reasons given"), "; ".join(reasons)))
    if reports.count > 1:
        fields.append(Field(_("Reporters"), str(reports.count)))
    return tuple(fields)


def flag_reason(row: ModFlag) -> str:
    """Return the reason a case made from a card records: where the flag came from (stored as
    Cohort's own reason, so each reader sees it in their language)."""
    if row.source == "report":
        return reasons.reported(row.reason)
    if row.source == "automod":
        return reasons.platform_rule(row.rule)
    return reasons.filter_rule(row.rule)


def handled_text(choice: str, outcome: Outcome | None) -> str:
    """Return what the moderator who pressed is told: the case made, and any notes."""
    if outcome is None:
        return _("Dismissed. The card says so.")
    text = _("{outcome}: case {case}.").format(outcome=done_label(choice), case=outcome.case.id)
    if outcome.escalation is not None:
        escalated = _("That makes case {case}: an automatic timeout.")
        text += " " + escalated.format(case=outcome.escalation.id)
    return " ".join([text, *outcome.notes])


def waiting_line(roles: list[str], flag_id: int, after: timedelta) -> str:
    """Return a re-announced card's first line: how long it waited, the moderators' roles
    called (if any)."""
    waited = _hours(after)
    if roles:
        calling = _(
            "Flag {number} has waited {waited} without a decision. {roles}, could one of you "
            "take a look?"
        )
        return calling.format(roles=" ".join(roles), number=flag_id, waited=waited)
    calling = _("Moderators: flag {number} has waited {waited} without a decision.")
    return calling.format(number=flag_id, waited=waited)


def _hours(duration: timedelta) -> str:
    """Return a duration in hours: `1 hour`, `2 hours`, `1.5 hours`."""
    hours = duration.total_seconds() / 3600
    if hours.is_integer():
        return ngettext("{count} hour", "{count} hours", int(hours)).format(count=int(hours))
    return _("{hours} hours").format(hours=f"{hours:g}")
