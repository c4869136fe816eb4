"""Tests of pairing on the real slack-bolt against a fake Slack."""
