"""Study sessions and office hours: cards with Going / Maybe / Can't go, reminders by DM,
`.ics` files, "Did you make it?" and turnout.

`service.py` holds the rules, `changes.py` cancelling and moving, `series.py` a series' next
occurrence, `reminders.py` the one-shot timers, `cards.py` the card and its throttled edits,
`calendar.py` the `.ics`, `when.py` reading times and lengths, `store.py` the queries.
"""

from bot.sessions.changes import SessionChanges
from bot.sessions.model import Answer, Attendee, SessionInfo, Upcoming
from bot.sessions.service import SessionService

__all__ = ["Answer", "Attendee", "SessionChanges", "SessionInfo", "SessionService", "Upcoming"]
