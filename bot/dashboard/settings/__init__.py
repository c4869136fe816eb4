"""The Settings page (admin): what `/setup` and `/guidelines` change, through the same code."""

from bot.dashboard.settings.page import SETTINGS

__all__ = ["SETTINGS"]
