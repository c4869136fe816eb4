"""Tests of intros on the real slack-bolt against a fake Slack."""
