"""A host request's card in the hosts channel: who asks, what for, and its buttons."""

from __future__ import annotations

from bot.host_requests.store import SUGGESTION, RequestView
from bot.i18n import _
from bot.messages import Button, ButtonStyle, Field, OutboundMessage
from bot.platform import Platform
from bot.refs import UserRef
from bot.topics import SUGGESTION_ACTION

CLAIM_ACTION = "hostreq"
"""Action ids `hostreq:claim:<request id>`."""


def request_card(platform: Platform, request: RequestView) -> OutboundMessage:
    """Return the card: the request, who claimed it (then no Claim button), its buttons."""
    member = platform.mention(UserRef(platform.name, request.member_external_id))
    if request.kind == SUGGESTION:
        text = _("New topic suggestion from {member}:").format(member=member)
        if request.cohort_name is not None:
            text = _("{name} cohort: {text}").format(name=request.cohort_name, text=text)
        fields: tuple[Field, ...] = (Field(_("Suggested topic"), request.topic_text or ""),)
        buttons = _decisions(request)
    else:
        text = _(
            "{member} would like to talk with a host (they answered a quiet-member check-in). "
            "A friendly direct message would be welcome."
        ).format(member=member)
        fields, buttons = (), ()
    if request.claimed_by is not None:
        host = platform.mention(UserRef(platform.name, request.claimed_by))
        text += "\n" + _("Claimed by {host}: they will reach out.").format(host=host)
    elif not request.closed:
        claim = Button(_("Claim"), f"{CLAIM_ACTION}:claim:{request.id}", ButtonStyle.PRIMARY)
        buttons = (*buttons, claim)
    return OutboundMessage(text, fields=fields, buttons=buttons)


def _decisions(request: RequestView) -> tuple[Button, ...]:
    if request.closed or request.topic_id is None:
        return ()
    topic = request.topic_id
    return (
        Button(_("Approve"), f"{SUGGESTION_ACTION}:approve:{topic}", ButtonStyle.PRIMARY),
        Button(_("Reject"), f"{SUGGESTION_ACTION}:reject:{topic}", ButtonStyle.DANGER),
    )
