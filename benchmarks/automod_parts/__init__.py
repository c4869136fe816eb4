"""The parts of `benchmarks/automod.py`: the words, the traffic with its planted terms, and the
community whose filters and staff the service loads.

A package rather than top-level modules, so `python3 dev.py bench` does not run each part as a
benchmark of its own.
"""
