"""Week pins: a cohort's topic pinned to a week of its term, at most one topic a week.

Each function runs in the caller's session; the caller holds the community row's lock, so two
hosts pinning to one week take turns and the second is refused.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFoundError, UserFacingError
from bot.i18n import _
from bot.storage.models import Topic
from bot.topics import store
from bot.topics.store import APPROVED


async def in_bank(
    session: AsyncSession, community_id: int, cohort_id: int | None, topic_id: int
) -> Topic:
    """Return a bank's approved topic by its number; a topic of another bank is not there."""
    topic = await store.get_topic(session, topic_id)
    if (
        topic is None
        or topic.community_id != community_id
        or topic.cohort_id != cohort_id
        or topic.status != APPROVED
    ):
        raise NotFoundError(
            _("There is no topic {number} in the bank. See /topic list.").format(number=topic_id)
        )
    return topic


async def pin_topic(session: AsyncSession, topic: Topic, week: int) -> None:
    """Pin `topic` to `week`; refuse a week that has a pinned topic (itself included)."""
    if topic.week == week:
        raise UserFacingError(
            _("Topic {number} is already pinned to week {week}.").format(number=topic.id, week=week)
        )
    assert topic.cohort_id is not None  # only a cohort's bank has weeks
    await refuse_a_taken_week(session, topic.cohort_id, week)
    topic.week = week


def unpin_topic(topic: Topic) -> None:
    """Return `topic` to its bank's rotation; refuse one that is not pinned."""
    if topic.week is None:
        raise UserFacingError(_("Topic {number} is not pinned to a week.").format(number=topic.id))
    topic.week = None


async def refuse_a_taken_week(session: AsyncSession, cohort_id: int, week: int) -> None:
    """Refuse a pin to a week that has a topic pinned already, naming it and how to unpin."""
    taken = await store.pinned_to(session, cohort_id, week)
    if taken is not None:
        raise UserFacingError(
            _(
                "Week {week} already has topic {number} pinned: {text}. Unpin it first with "
                "/topic unpin {number}."
            ).format(week=week, number=taken.id, text=taken.text)
        )
