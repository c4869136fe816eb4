"""The parts of `benchmarks/sessions.py`: a burst of presses on one card, and reminders due in
the same minute, each through the real discord.py against the fake Discord."""
