"""Thanks: `/thanks`, "Thank the author", the weekly post of the thanked and the digest's lines.

`service.py` holds the rules and limits (`ThanksService`), `store.py` the queries, `weekly.py`
the weekly post, `digest.py` the digest's lines. Thanks given and received go with a member's
row when they are forgotten.
"""

from bot.thanks.digest import ThanksDigest
from bot.thanks.service import DAILY_LIMIT, MAX_REASON, Given, Thanking, ThanksService
from bot.thanks.weekly import THANKS_SCHEDULE, WeeklyThanks

__all__ = [
    "DAILY_LIMIT",
    "MAX_REASON",
    "THANKS_SCHEDULE",
    "Given",
    "Thanking",
    "ThanksDigest",
    "ThanksService",
    "WeeklyThanks",
]
