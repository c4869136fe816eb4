"""Tests of moderation on the real discord.py against a fake Discord."""
