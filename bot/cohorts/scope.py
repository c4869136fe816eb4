"""What a command or a scheduled job applies to: one cohort, or the whole community."""

from __future__ import annotations

from dataclasses import dataclass

from bot.cohorts.service import CohortInfo
from bot.i18n import _

COMMUNITY_POOL = 0
"""The pool key of the whole community (buddy pairs); a cohort's pool is its id."""


@dataclass(frozen=True, slots=True)
class Scope:
    """One cohort of a community, or (`cohort` None) the whole community, as today."""

    community_id: int
    cohort: CohortInfo | None = None

    @property
    def cohort_id(self) -> int | None:
        """Return the cohort's id, or None for the whole community."""
        return None if self.cohort is None else self.cohort.id

    @property
    def pool(self) -> int:
        """Return the key of this scope's own history (0: the whole community)."""
        return COMMUNITY_POOL if self.cohort is None else self.cohort.id

    def says(self, text: str) -> str:
        """Return an answer as said in this scope: `fall cohort: ...` for a cohort."""
        if self.cohort is None:
            return text
        return _("{name} cohort: {text}").format(name=self.cohort.name, text=text)
