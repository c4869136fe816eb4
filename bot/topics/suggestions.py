"""Members' suggestions: what a late decider is told, and forgetting a member's suggestions."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.errors import NotFoundError, UserFacingError
from bot.i18n import N_, _
from bot.topics import store
from bot.topics.store import APPROVED, PENDING, REJECTED

SUGGESTION_ACTION = "topic"
"""A suggestion card's buttons: `topic:approve:<topic id>`, `topic:reject:<topic id>`."""

ALREADY_DECIDED = {
    APPROVED: N_("That suggestion was already approved."),
    REJECTED: N_("That suggestion was already rejected."),
    PENDING: N_("That suggestion was already pending."),
}
"""What a host is told who decides a suggestion that was decided meanwhile, by its status."""


async def undecidable(
    connection: AsyncConnection, community_id: int, topic_id: int
) -> UserFacingError:
    """Return why a decision matched nothing: the suggestion is gone, or was decided already."""
    status = await store.topic_status(connection, community_id, topic_id)
    if status is None:
        return NotFoundError(_("That suggestion no longer exists."))
    return UserFacingError(_(ALREADY_DECIDED[status]))


async def forget_suggestions(session: AsyncSession, member_id: int) -> None:
    """Delete a member's suggestions that never reached the bank (forget hook).

    Approved ones are the community's topics now and stay, without the link to the member.
    """
    await store.delete_suggestions(session, member_id)
