"""`/session`: study sessions and office hours.

`manage` holds the hosts' commands (create, cancel, move, attendance), `joining` the members'
(list, reminders) and the cards' buttons (answers, the calendar file, "Did you make it?").
"""

from __future__ import annotations

from commands.registry import Registry
from commands.session.common import SessionServices
from commands.session.joining import (
    add_to_calendar,
    answer_card,
    list_sessions,
    made_it,
    session_reminders,
)
from commands.session.manage import (
    cancel_session,
    create_session,
    move_session,
    session_attendance,
)

__all__ = ["SessionServices", "setup"]


def setup(registry: Registry, services: SessionServices) -> None:
    """Register the session commands and buttons, bound to `services`."""
    registry.add(
        create_session,
        list_sessions,
        cancel_session,
        move_session,
        session_attendance,
        session_reminders,
        answer_card,
        add_to_calendar,
        made_it,
        services=services,
    )
