"""Wires the topics feature into the core: its service, the topic job and its forget hook."""

from __future__ import annotations

from typing import Protocol

from bot.shared.core import Jobs, Kernel, Members
from bot.topics.jobs import TopicJob
from bot.topics.service import TOPIC_SCHEDULE, TopicService, forget_suggestions


class TopicsUses(Kernel, Jobs, Members, Protocol):
    """What topics uses of the shared core."""


def wire(core: TopicsUses) -> TopicService:
    """Build the topic service, register the topic job and the forget hook; return the service."""
    settings = core.settings
    topics = TopicService(core.database, core.clock, starters=settings.starter_topics)
    core.members.add_forget_hook(forget_suggestions)
    core.jobs.register(TOPIC_SCHEDULE, TopicJob(topics, core.clock).post)
    return topics
