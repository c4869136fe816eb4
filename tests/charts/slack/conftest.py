"""The fake Slack and Cohort's Slack app connected to it, as in tests/adapters/slack."""

from tests.adapters.slack.conftest import fake, running

__all__ = ["fake", "running"]
