"""Tests of automod on the real slack-bolt against a fake Slack."""
