"""`/topic suggest` and the suggestion card's buttons: members propose, hosts decide.

A suggestion is for the bank of where it was suggested (typed in a cohort's home channel: that
cohort's bank), and the card in the hosts channel says which cohort; approving it puts it in
that bank.
"""

from __future__ import annotations

from typing import Annotated

from bot.errors import UserFacingError
from bot.host_requests import DECIDES_SUGGESTIONS
from bot.host_requests import decide_suggestion as decide
from bot.i18n import _
from bot.ids import NOT_OURS, button_id
from bot.levels import Level
from bot.messages import Reply
from bot.shared.communities import ChannelPurpose
from bot.staff import Staff
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


@button(SUGGESTION_ACTION, level=DECIDES_SUGGESTIONS)
async def decide_suggestion(context: TopicContext) -> Reply:
    """Approve or reject a member's topic suggestion."""
    choice, topic_id = action_words(context.action_args, 2)
    if choice not in ("approve", "reject"):
        raise UserFacingError(NOT_OURS)
    caller = context.caller
    decision = await decide(
        context.services.topics,
        context.services.host_requests,
        context.platform,
        Staff(context.community_id, caller.id, caller.external_id, caller.level),
        button_id(topic_id),
        approve=choice == "approve",
        pressed=context.message,
    )
    approved = choice == "approve"
    answer = _("Suggestion approved: {text}") if approved else _("Suggestion rejected: {text}")
    return Reply.text(answer.format(text=decision.topic.text))
