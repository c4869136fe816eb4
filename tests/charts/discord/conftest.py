"""The fake Discord and Cohort's client connected to it, as in tests/adapters/discord."""

from tests.adapters.discord.conftest import bot, discord_settings, fake

__all__ = ["bot", "discord_settings", "fake"]
