"""Time-driven work: recurring schedules, due work and exactly-once firing.

The foundation provides the clocks (`bot.clock.RealClock`, `bot.clock.VirtualClock`); the
schedules, the occurrence ledger and APScheduler arrive with the topics/scheduler issue.
"""
