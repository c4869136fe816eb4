"""Tests of topics on the real discord.py against a fake Discord."""
