"""Welcomes and intros: the greeting, the intro prompt, the reminder, the intro store."""
