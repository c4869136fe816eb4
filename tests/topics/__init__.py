"""Tests of topics: the bank, suggestions, weekly posts; console, Discord and Slack."""
