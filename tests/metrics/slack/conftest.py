"""The fake Slack, as in tests/adapters/slack."""

from tests.adapters.slack.conftest import fake

__all__ = ["fake"]
