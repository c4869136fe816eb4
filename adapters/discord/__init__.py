"""The Discord adapter: the real discord.py, translated to and from the core."""
