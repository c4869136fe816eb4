"""The queries of participation, nothing else: `members.py` the participation row and who is
quiet, `nudges.py` the nudge ledger and what a nudge mentions, `stats.py` the figures.

The services own the transactions; each function runs in the connection it is given.
"""
