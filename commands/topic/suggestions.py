"""`/topic suggest` and the suggestion card's buttons: members propose, hosts decide.

A suggestion is for the bank of where it was suggested (typed in a cohort's home channel: that
cohort's bank), and the card in the hosts channel says which cohort; approving it puts it in
that bank.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable
from typing import Annotated

from bot.errors import PlatformError, UserFacingError
from bot.i18n import _
from bot.ids import NOT_OURS, button_id
from bot.levels import Level
from bot.messages import Field, OutboundMessage, Reply
from bot.refs import UserRef
from bot.shared.communities import ChannelPurpose
from bot.topics import SUGGESTION_ACTION
from commands.arguments import action_words
from commands.spec import button, command
from commands.topic.common import TopicContext, saying, scope_here
from commands.types import Text


@command("topic suggest", level=Level.MEMBER)
async def suggest_topic(
    context: TopicContext, text: Annotated[Text, "your discussion question"]
) -> Reply:
    """Suggest a discussion topic; the hosts approve or reject it."""
    scope = await scope_here(context)
    hosts = await context.services.communities.channel_for(
        context.community_id, context.platform.name, ChannelPurpose.HOSTS
    )
    if hosts is None:
        raise UserFacingError(
            _(
                "Suggestions go to the hosts channel, and none is set yet. Ask an admin to run "
                "/setup channel hosts <channel>. Nothing was saved."
            )
        )
    with saying(scope):
        topic = await context.services.topics.suggest(
            context.community_id, context.caller.id, text, cohort_id=scope.cohort_id
        )
    await context.services.host_requests.suggestion(
        context.platform, context.community_id, context.caller.id, topic.id
    )
    return Reply.text(
        scope.says(_("Thanks! Your suggestion went to the hosts; you'll hear what they decide."))
    )


@button(SUGGESTION_ACTION, level=Level.HOST)
async def decide_suggestion(context: TopicContext) -> Reply:
    """Approve or reject a member's topic suggestion."""
    choice, topic_id = action_words(context.action_args, 2)
    if choice not in ("approve", "reject"):
        raise UserFacingError(NOT_OURS)
    decision = await context.services.topics.decide(
        context.community_id, button_id(topic_id), approve=choice == "approve"
    )
    await context.services.host_requests.close_suggestion(decision.topic.id)
    approved = choice == "approve"
    by = context.platform.mention(context.interaction.user)
    if context.message is not None:
        closed_text = (
            _("Topic suggestion approved by {host}.")
            if approved
            else _("Topic suggestion rejected by {host}.")
        )
        closed = OutboundMessage(
            closed_text.format(host=by),
            fields=(Field(_("Suggested topic"), decision.topic.text),),
        )
        await _quietly(context.platform.edit(context.message, closed))
    if decision.suggested_by is not None:
        await _quietly(
            context.platform.direct_message(
                UserRef(context.platform.name, decision.suggested_by),
                OutboundMessage(_outcome_for_member(decision.topic.text, approved)),
            )
        )
    answer = _("Suggestion approved: {text}") if approved else _("Suggestion rejected: {text}")
    return Reply.text(answer.format(text=decision.topic.text))


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
