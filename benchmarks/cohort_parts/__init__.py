"""The parts of `benchmarks/cohorts.py`: the burst, the cohort `/stats` and the cohort round.

A package rather than top-level modules, so `python3 dev.py bench` does not run each part as a
benchmark of its own.
"""
