"""The Sessions and announcements page (host and above), read-only.

Upcoming sessions with their Going / Maybe / Can't go counts and series, past sessions' turnout
(as `/session list` and `/session attendance` show them), and the newest announcements with how
many pressed "Got it" (as `/announce status` counts them). Titles and announcements are written
by hosts; the templates escape them like any text.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.announcements.board import recent_announcements
from bot.dashboard.pages import Page, PageRequest
from bot.i18n import N_, _, formats, ngettext
from bot.levels import Level
from bot.sessions.board import BoardSession, past_sessions, upcoming_sessions

PATH = "/sessions"


async def show_sessions(page: PageRequest) -> web.StreamResponse:
    """Show upcoming and past sessions, and recent announcements with their read counts."""
    services = page.services
    database = page.dashboard.database
    now = services.clock.now()
    zone = ZoneInfo(await services.communities.timezone(page.community_id))
    cohorts = {info.id: info.name for info in await services.cohorts.all(page.community_id)}
    upcoming = await upcoming_sessions(database, page.community_id, now)
    past = await past_sessions(database, page.community_id, now)
    announcements = await recent_announcements(database, page.community_id)
    context = {
        "title": _("Sessions and announcements"),
        "upcoming": [_session(one, zone, cohorts) for one in upcoming],
        "past": [_session(one, zone, cohorts) for one in past],
        "announcements": [
            {
                "id": one.id,
                "text": one.text,
                "posted": _moment(one.posted_at, zone),
                "scope": one.cohort or _("Everyone"),
                "reads": ngettext(
                    "{count} member pressed Got it", "{count} members pressed Got it", one.reads
                ).format(count=one.reads),
            }
            for one in announcements
        ],
    }
    return page.render("session_board.html", context)


def _session(one: BoardSession, zone: ZoneInfo, cohorts: dict[int, str]) -> dict[str, object]:
    session = one.session
    every = session.every_weeks
    series = (
        _("One-off")
        if every is None
        else ngettext("Every week.", "Every {count} weeks.", every).format(count=every)
    )
    if session.series_id is not None and session.series_ended:
        series = _("{series} (series ended)").format(series=series)
    return {
        "id": session.id,
        "title": session.title,
        "when": _moment(session.starts_at, zone),
        "series": series,
        "cohort": cohorts.get(session.cohort_id, _("Everyone"))
        if session.cohort_id is not None
        else _("Everyone"),
        "going": one.counts.going,
        "maybe": one.counts.maybe,
        "no": one.counts.no,
        "made_it": one.made_it,
        "cancelled": session.cancelled,
    }


def _moment(moment: datetime, zone: ZoneInfo) -> str:
    return formats.moment(moment.astimezone(zone))


SESSIONS = Page("sessions", PATH, N_("Sessions and announcements"), Level.HOST, show_sessions)
