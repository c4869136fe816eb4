"""`/cohort`: the cohort registry — named groups of members with a home channel and a term.

`common` holds what the commands share (their services, cohort names), `members` creating a
cohort and who is in it, `listing` `/cohort list` and `/cohort show`, `term` terms and archiving.
"""

from __future__ import annotations

from commands.cohort.common import CohortServices
from commands.cohort.listing import list_cohorts, show_cohort
from commands.cohort.members import add_to_cohort, create_cohort, follow_home, remove_from_cohort
from commands.cohort.term import archive_cohort, set_term
from commands.registry import Registry

__all__ = ["CohortServices", "setup"]


def setup(registry: Registry, services: CohortServices) -> None:
    """Register the cohort commands, bound to `services`."""
    registry.add(
        create_cohort,
        add_to_cohort,
        remove_from_cohort,
        follow_home,
        list_cohorts,
        show_cohort,
        set_term,
        archive_cohort,
        services=services,
    )
