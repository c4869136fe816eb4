"""Time-driven work: schedules armed on a clock, fired exactly once through the ledger.

`timers.py` arms one-shot jobs (APScheduler in real time, the virtual clock in the console and
tests); `ledger.py` is the occurrence ledger; `runner.py` is the `Scheduler` that rebuilds the
jobs from the schedule rows and catches up after downtime; `occurrence.py` runs each
occurrence once, retries failed posts and tells hosts.
"""
