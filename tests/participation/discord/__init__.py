"""Tests of participation on the real discord.py against a fake Discord."""
