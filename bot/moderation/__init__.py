"""Moderation: the case log, moderation actions, the flag queue and reports.

`actions.py` checks, performs and records an action (`ModerationService`), `cases.py` is the
case log, `queue.py` the flag queue's cards and presses (`FlagQueue.press`, for the buttons and
the dashboard alike), `listing.py` the open queue as a list (`open_flags`), `intake.py` turns
filter hits, reports and platform flags into cards, `forget.py` is the forget hook; `store.py`
holds the queries.
"""

from bot.moderation.actions import Action, ModerationService, Moderator, Outcome
from bot.moderation.cases import CaseKind
from bot.moderation.forget import ForgetCases
from bot.moderation.intake import FlagIntake
from bot.moderation.ladder import parse_ladder
from bot.moderation.listing import OpenFlag, open_flags
from bot.moderation.queue import FlagQueue

__all__ = [
    "Action",
    "CaseKind",
    "FlagIntake",
    "FlagQueue",
    "ForgetCases",
    "ModerationService",
    "Moderator",
    "OpenFlag",
    "Outcome",
    "open_flags",
    "parse_ladder",
]
