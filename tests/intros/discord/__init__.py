"""Tests of intros on the real discord.py against a fake Discord."""
