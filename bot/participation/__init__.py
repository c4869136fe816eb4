"""Participation: quiet members, gentle nudges, stats and the weekly digest.

`quiet.py` finds quiet members (`QuietService`), `nudges.py` is the nudge ledger,
`nudge_sweep.py` sends the nudges, `stats.py` reads the figures that `stats_text.py` renders,
`service.py` keeps members' nudge settings, `attention.py` reads what needs a host's attention
(the dashboard's Overview); `store/` holds the queries.
"""

from bot.participation.attention import Attention, needs_attention
from bot.participation.nudge_sweep import NUDGE_ACTION, NudgePolicy, NudgeSweep
from bot.participation.nudges import NudgeLedger
from bot.participation.quiet import QuietMember, QuietService
from bot.participation.service import ParticipationService
from bot.participation.stats import DIGEST_SCHEDULE, StatsService

__all__ = [
    "DIGEST_SCHEDULE",
    "NUDGE_ACTION",
    "Attention",
    "NudgeLedger",
    "NudgePolicy",
    "NudgeSweep",
    "ParticipationService",
    "QuietMember",
    "QuietService",
    "StatsService",
    "needs_attention",
]
