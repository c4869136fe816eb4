"""The Members page (host and above): who is here and how each takes part.

Joined, introduced or intro pending, active, quiet or reading, opted out of nudges, pairing and
cohorts, a page at a time, sorted by joining, filtered by cohort. Never anyone's message text:
the read model (`bot.participation.member_list`) reads none.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.cohorts import CohortInfo
from bot.dashboard.pages import Page, PageRequest
from bot.dashboard.site import PREFIX
from bot.i18n import N_, _
from bot.i18n.formats import day
from bot.levels import Level
from bot.participation.member_list import (
    PAGE_SIZE,
    Activity,
    IntroState,
    MemberPage,
    MemberRow,
    Pairing,
    cohorts_with_roles,
    member_page,
)
from bot.storage.id_lists import Ids
from bot.storage.models import Cohort

PATH = "/members"
ORDERS = ("newest", "oldest")
MAX_PAGE = 100_000


async def show_members(page: PageRequest) -> web.StreamResponse:
    """Show one page of the community's members, as the query string asks."""
    query = page.request.query
    problems: list[str] = []
    order = query.get("order", "newest")
    if order not in ORDERS:
        problems.append(_("Unknown order: showing the newest members first."))
        order = "newest"
    number = _page_number(query.get("page", "1"))
    if number is None:
        problems.append(_("The page number must be a whole number from 1: showing page 1."))
        number = 1
    cohort = await _cohort(page, query.get("cohort", ""))
    members = None if cohort is None else await _cohort_members(page, cohort)
    services = page.services
    listed = await member_page(
        page.dashboard.database,
        page.community_id,
        services.clock.now(),
        services.quiet.default_days,
        members=members,
        newest_first=order == "newest",
        page=number,
    )
    zone = ZoneInfo(await services.communities.timezone(page.community_id))
    active = [info for info in await services.cohorts.all(page.community_id) if not info.archived]
    rows = await _with_role_cohorts(page, listed, active)
    context = {
        "title": _("Members"),
        "problems": problems,
        "rows": [_shown(row, zone) for row in rows],
        "total": listed.total,
        "cohorts": [{"id": info.id, "name": info.name} for info in active],
        "cohort_id": None if cohort is None else cohort.id,
        "order": order,
        "pages": _pages(listed, number, order, cohort),
        "quiet_days": services.quiet.default_days,
    }
    return page.render("members.html", context)


def _page_number(raw: str) -> int | None:
    text = raw.strip()
    if not text.isascii() or not text.isdecimal() or len(text) > 6:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_PAGE else None


async def _cohort(page: PageRequest, raw: str) -> CohortInfo | None:
    """Return the cohort the filter names (404 if it is not this community's); None: all."""
    if raw == "":
        return None
    cohort_id = await page.owned(Cohort, raw)
    info = await page.services.cohorts.get(cohort_id)
    if info is None:
        raise web.HTTPNotFound(text=_("Not found in this community."))
    return info


async def _cohort_members(page: PageRequest, cohort: CohortInfo) -> Ids:
    """Return the cohort's members now, role holders included, as `/cohort show` counts them."""
    signed_in = page.signed_in
    return await page.services.cohorts.members(cohort, signed_in.platform, signed_in.community)


async def _with_role_cohorts(
    page: PageRequest, listed: MemberPage, active: list[CohortInfo]
) -> list[MemberRow]:
    """Add to each row the active cohorts it is in by a role (one look-up per such role)."""
    signed_in = page.signed_in
    extra: dict[int, list[str]] = {}
    shown = {row.id for row in listed.rows}
    with_roles = await cohorts_with_roles(page.dashboard.database, page.community_id)
    for info in (cohort for cohort in active if cohort.id in with_roles):
        ids = await page.services.cohorts.member_ids(info, signed_in.platform, signed_in.community)
        for member_id in shown & ids:
            extra.setdefault(member_id, []).append(info.name)
    return [_merged(row, extra.get(row.id, [])) for row in listed.rows]


def _merged(row: MemberRow, names: list[str]) -> MemberRow:
    merged = sorted({*row.cohorts, *names}, key=str.lower)
    return replace(row, cohorts=tuple(merged))


def _shown(row: MemberRow, zone: ZoneInfo) -> dict[str, object]:
    intro = {
        IntroState.INTRODUCED: _("Introduced"),
        IntroState.PENDING: _("Intro pending"),
        IntroState.UNKNOWN: _("No intro"),
    }[row.intro]
    activity = {
        Activity.ACTIVE: _("Active"),
        Activity.QUIET: _("Quiet"),
        Activity.READING: _("Reading"),
    }[row.activity]
    pairing = {
        Pairing.IN: _("Taking part"),
        Pairing.PAUSED: _("Paused"),
        Pairing.OUT: _("Not taking part"),
    }[row.pairing]
    return {
        "name": row.display_name,
        "joined": _day(row.joined_at, zone),
        "intro": intro,
        "activity": activity,
        "activity_key": row.activity.value,
        "nudges": _("Opted out") if row.nudges_off else _("On"),
        "pairing": pairing,
        "cohorts": ", ".join(row.cohorts) or "—",
    }


def _day(moment: datetime | None, zone: ZoneInfo) -> str:
    return "—" if moment is None else day(moment.astimezone(zone).date())


def _pages(
    listed: MemberPage, number: int, order: str, cohort: CohortInfo | None
) -> dict[str, object]:
    last = max((listed.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)

    def link(to: int) -> str:
        params: dict[str, str | int] = {"order": order, "page": to}
        if cohort is not None:
            params["cohort"] = cohort.id
        return f"{PREFIX}{PATH}?{urlencode(params)}"

    return {
        "number": min(number, last),
        "last": last,
        "previous": link(number - 1) if number > 1 else None,
        "next": link(number + 1) if number < last else None,
    }


MEMBERS = Page("members", PATH, N_("Members"), Level.HOST, show_members)
