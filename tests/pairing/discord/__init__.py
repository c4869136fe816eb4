"""Tests of pairing on the real discord.py against a fake Discord."""
