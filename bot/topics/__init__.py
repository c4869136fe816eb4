"""Weekly discussion topics: the bank, suggestions, schedules and the post.

`service.py` holds the rules (`TopicService`), `uses.py` records uses in batches, `store.py`
the queries, `starters.py` the built-in prompts.
"""

from bot.topics.service import (
    TOPIC_SCHEDULE,
    Decision,
    TopicInfo,
    TopicService,
    forget_suggestions,
)
from bot.topics.starters import STARTER_TOPICS

__all__ = [
    "STARTER_TOPICS",
    "TOPIC_SCHEDULE",
    "Decision",
    "TopicInfo",
    "TopicService",
    "forget_suggestions",
]
