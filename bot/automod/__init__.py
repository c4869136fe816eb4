"""Automatic filters: blocked terms, regex rules, links, invites, mention spam, flooding, repeats.

`model.py` says what rules and hits are; `folding.py`, `scan.py`, `links.py` and `rates.py` are
the pure pieces the `engine.py` screener is compiled from; `patterns.py` checks moderators'
regex rules; `store.py` keeps rules in the database; `service.py` caches them per community
and screens; `hook.py` is the `MessagePosted` handler that hands hits on.
"""

from bot.automod.hook import FilterHitCallback, ScreenMessages, log_filter_hit
from bot.automod.model import FILTER_TITLES, Action, FilterHit, FilterName
from bot.automod.service import AutomodService

__all__ = [
    "FILTER_TITLES",
    "Action",
    "AutomodService",
    "FilterHit",
    "FilterHitCallback",
    "FilterName",
    "ScreenMessages",
    "log_filter_hit",
]
