"""Tests of topics on the real slack-bolt against a fake Slack."""
