"""`.ics` files for a session, written with `icalendar`.

A single session is one VEVENT. A recurring one is its series' VEVENT (DTSTART in the
community's zone with its VTIMEZONE, so a weekly rule keeps its wall time across daylight-saving
changes; RRULE; EXDATE for cancelled dates) plus one VEVENT per moved date (RECURRENCE-ID, its
own DTSTART and SEQUENCE). The UID is stable, so importing a newer file updates the event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bot.sessions.model import SessionInfo

PRODUCT = "-//Cohort//Study sessions//EN"
MEDIA_TYPE = "text/calendar"


def file_name(session: SessionInfo) -> str:
    """Return the file's name: `session-12.ics`."""
    return f"session-{session.id}.ics"


def calendar_file(
    session: SessionInfo, series: Sequence[SessionInfo], zone: str, stamp: datetime
) -> bytes:
    """Return the `.ics` of `session`; `series` is every occurrence of its series so far;
    `stamp` is when the file is written (DTSTAMP)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    tz = ZoneInfo(zone)
    if session.series_id is None or not series:
        calendar.add_component(_event(session, tz, f"session-{session.id}@cohort", stamp))
    else:
        uid = f"session-series-{session.series_id}@cohort"
        first = min(series, key=lambda one: one.slot)
        master = _event(first, tz, uid, stamp, start=first.slot)
        master.pop("SEQUENCE")
        master.add("sequence", 0)
        rule: dict[str, object] = {"freq": "weekly", "interval": session.every_weeks or 1}
        if session.series_ended:
            last = max(one.slot for one in series if not one.cancelled or one is first)
            rule["until"] = last
        master.add("rrule", rule)
        for cancelled in (one for one in series if one.cancelled):
            master.add("exdate", cancelled.slot.astimezone(tz))
        calendar.add_component(master)
        for moved in (one for one in series if one.moved and not one.cancelled):
            exception = _event(moved, tz, uid, stamp)
            exception.add("recurrence-id", moved.slot.astimezone(tz))
            calendar.add_component(exception)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(
    session: SessionInfo,
    tz: ZoneInfo,
    uid: str,
    stamp: datetime,
    *,
    start: datetime | None = None,
) -> Event:
    begins = (start or session.starts_at).astimezone(tz)
    event = Event()
    event.add("uid", uid)
    event.add("summary", session.title)
    event.add("dtstart", begins)
    event.add("dtend", begins + timedelta(minutes=session.minutes))
    event.add("dtstamp", stamp)
    event.add("sequence", session.sequence)
    return event
