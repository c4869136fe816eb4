"""The parts of `benchmarks/pairing.py`: a year of members coming and going, the grouping in
memory, the rounds and history reads on a SQLite file, and the process's memory.

A package rather than top-level modules, so `python3 dev.py bench` does not run each part as a
benchmark of its own.
"""
