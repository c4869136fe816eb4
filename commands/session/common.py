"""What the session commands share: their services and session ids as people type them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from bot.cohorts import CohortService
from bot.sessions import SessionChanges, SessionService
from bot.shared.communities import CommunityService
from commands.context import Context

SessionId = Annotated[int, "the session's id (on its card and in /session list)"]


@dataclass(frozen=True, slots=True)
class SessionServices:
    """What the session commands use."""

    sessions: SessionService
    session_changes: SessionChanges
    cohorts: CohortService
    communities: CommunityService


SessionContext = Context[SessionServices]


async def cohort_ids_of(context: SessionContext) -> list[int]:
    """Return the ids of the active cohorts the caller is in."""
    mine = await context.services.cohorts.of_member(
        context.community_id, context.caller.id, context.caller_roles
    )
    return [cohort.id for cohort in mine]
