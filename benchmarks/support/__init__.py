"""What every benchmark shares: the machine's load line, medians of repeated runs, and the
figures each one reports against its target (read by `python3 dev.py bench` for one table)."""
