"""Tests of participation on the real slack-bolt against a fake Slack."""
