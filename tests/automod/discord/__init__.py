"""Tests of automod on the real discord.py against a fake Discord."""
