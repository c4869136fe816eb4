"""Weekly discussion topics: the bank, suggestions, schedules and the post.

`service.py` holds the rules (`TopicService`), `choice.py` which topic comes next (a bank's
rotation, a cohort's week pins, the fallbacks) from `choice_store.py`'s snapshot, `plan.py` a
cohort's term week by week, `paste.py` many topics at once, `uses.py` records uses in
batches, `store.py` the queries, `starters.py` the built-in prompts.
"""

from bot.topics.choice import NextTopic, Source
from bot.topics.paste import Pasted
from bot.topics.rules import WeekPin
from bot.topics.service import (
    TOPIC_SCHEDULE,
    Decision,
    Edited,
    TopicInfo,
    TopicService,
    forget_suggestions,
)
from bot.topics.starters import STARTER_TOPICS
from bot.topics.suggestions import SUGGESTION_ACTION

__all__ = [
    "STARTER_TOPICS",
    "SUGGESTION_ACTION",
    "TOPIC_SCHEDULE",
    "Decision",
    "Edited",
    "NextTopic",
    "Pasted",
    "Source",
    "TopicInfo",
    "TopicService",
    "WeekPin",
    "forget_suggestions",
]
