"""Moderation: the case log, moderation actions, the flag queue and reports."""
