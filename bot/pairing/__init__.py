"""Buddy pairing: the grouping algorithm (`matching.py`, `preferences.py`), rounds, check-ins.

`matching.group_members` is pure; `PairingService` (in `service.py`) is the feature's logic.
"""
