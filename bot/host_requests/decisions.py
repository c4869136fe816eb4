"""Deciding a topic suggestion and announcing it: the card's buttons and the dashboard alike.

`decide_suggestion` is the one way a suggestion is approved or rejected: the level check, the
decision (one conditional UPDATE in `TopicService.decide`, so a dashboard POST and a button
press at the same moment decide once and the other is told what was decided), the card's
claim closed, every card of the suggestion edited so its buttons are spent (in the community's
language), and the suggester told by DM (in theirs). Card edits and the DM are best effort: the
decision is saved first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable

from bot.errors import PlatformError
from bot.host_requests.service import HostRequestService
from bot.i18n import _, publicly
from bot.levels import Level
from bot.messages import Field, OutboundMessage
from bot.platform import Platform
from bot.refs import MessageRef, UserRef
from bot.staff import Staff, require
from bot.topics import Decision, TopicService

DECIDES_SUGGESTIONS = Level.HOST
"""Who may approve or reject a suggestion (the suggestion card's buttons declare the same)."""


async def decide_suggestion(
    topics: TopicService,
    requests: HostRequestService,
    platform: Platform,
    staff: Staff,
    topic_id: int,
    *,
    approve: bool,
    pressed: MessageRef | None = None,
) -> Decision:
    """Approve or reject a pending suggestion as `staff` and announce it where the card is.

    For the suggestion card's buttons (`pressed`: the card pressed) and the dashboard alike
    (no `pressed`: the cards recorded for the suggestion are edited).
    """
    require(staff, DECIDES_SUGGESTIONS)
    decision = await topics.decide(staff.community_id, topic_id, approve=approve)
    await requests.close_suggestion(topic_id)
    with publicly():
        closed = _closed_card(platform, staff, decision, approve)
    cards = set(await requests.suggestion_cards(platform, topic_id))
    if pressed is not None:
        cards.add(pressed)
    for card in cards:
        await _quietly(platform.edit(card, closed))
    if decision.suggested_by is not None:
        async with requests.languages.to_member(staff.community_id, decision.suggested_by):
            outcome = OutboundMessage(_outcome_for_member(decision.topic.text, approve))
        suggester = UserRef(platform.name, decision.suggested_by)
        await _quietly(platform.direct_message(suggester, outcome))
    return decision


def _closed_card(
    platform: Platform, staff: Staff, decision: Decision, approved: bool
) -> OutboundMessage:
    """Return the card as it reads once decided: by whom, and the topic (no buttons)."""
    by = platform.mention(UserRef(platform.name, staff.external_id))
    closed_text = (
        _("Topic suggestion approved by {host}.")
        if approved
        else _("Topic suggestion rejected by {host}.")
    )
    return OutboundMessage(
        closed_text.format(host=by), fields=(Field(_("Suggested topic"), decision.topic.text),)
    )


def _outcome_for_member(text: str, approved: bool) -> str:
    if approved:
        return _("Your topic suggestion was approved and joins the topic bank: {text}").format(
            text=text
        )
    return _("Thanks for suggesting a topic. The hosts decided not to use this one: {text}").format(
        text=text
    )


async def _quietly(call: Awaitable[object]) -> None:
    """Best effort: the decision is saved; a card that cannot be edited or a closed DM is fine."""
    with contextlib.suppress(PlatformError):
        await call
