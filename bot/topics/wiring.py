"""Wires the topics feature into the core: its service, the topic job and its forget hook."""

from __future__ import annotations

from bot.shared.core import Shared
from bot.topics.jobs import TopicJob
from bot.topics.service import TOPIC_SCHEDULE, TopicService, forget_suggestions


def wire(core: Shared) -> TopicService:
    """Build the topic service, register the topic job and the forget hook; return the service."""
    settings = core.settings
    topics = TopicService(core.database, core.clock, starters=settings.starter_topics)
    core.members.add_forget_hook(forget_suggestions)
    core.jobs.register(TOPIC_SCHEDULE, TopicJob(topics).post)
    return topics
