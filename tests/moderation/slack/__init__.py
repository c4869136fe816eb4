"""Tests of moderation on the real slack-bolt against a fake Slack."""
