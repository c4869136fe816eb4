"""Cohorts: named groups of members with a home channel and, optionally, a term.

`service.py` holds the registry's rules (`CohortService`), `roster.py` who is in a cohort,
`store.py` the queries.
"""

from bot.cohorts.roster import Roster
from bot.cohorts.service import CohortInfo, CohortService
from bot.shared.terms import Phase, Term, WeekOf

__all__ = ["CohortInfo", "CohortService", "Phase", "Roster", "Term", "WeekOf"]
