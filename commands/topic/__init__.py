"""`/topic`: the discussion topic banks, members' suggestions, the schedules and a term's plan.

Every host subcommand applies where it is typed: in a cohort's home channel (or a thread under
it), or for a channel argument that is a cohort's home, to that cohort, and its answer says so
(`fall cohort: ...`); elsewhere to the whole community. `common` holds what the commands share
(the services, the scope, week pins), `bank` the bank and its pins, `posting` posting now and
the schedules, `suggestions` members' suggestions and their buttons, `plan` `/topic plan`.
"""

from __future__ import annotations

from commands.registry import Registry
from commands.topic.bank import (
    add_topic,
    edit_topic,
    list_topics,
    pin_topic,
    preview_topic,
    remove_topic,
    skip_topic,
    unpin_topic,
)
from commands.topic.common import TopicServices
from commands.topic.plan import show_plan
from commands.topic.posting import list_schedules, post_topic, schedule_topics, unschedule_topics
from commands.topic.suggestions import decide_suggestion, suggest_topic

__all__ = ["TopicServices", "setup"]


def setup(registry: Registry, services: TopicServices) -> None:
    """Register the topic commands and the suggestion buttons, bound to `services`."""
    registry.add(
        add_topic,
        list_topics,
        preview_topic,
        edit_topic,
        remove_topic,
        skip_topic,
        pin_topic,
        unpin_topic,
        post_topic,
        schedule_topics,
        list_schedules,
        unschedule_topics,
        show_plan,
        suggest_topic,
        decide_suggestion,
        services=services,
    )
