"""The Topics page: GET shows a bank (`?bank=<cohort id>`, else the community's) with the
pending suggestions and the cohort's term plan; POST makes one change and redirects (303) back
with its result, or shows why nothing changed (400)."""

from __future__ import annotations

from aiohttp import web

from bot.cohorts import CohortInfo
from bot.dashboard.pages import Page, PageRequest
from bot.dashboard.site import PREFIX
from bot.dashboard.topics.actions import ACTIONS, Change, staff_of
from bot.dashboard.topics.notices import Notice, notice_of, redirect_to
from bot.dashboard.topics.view import active_cohorts, bank_view, pending_suggestions
from bot.errors import UserFacingError
from bot.i18n import N_, _
from bot.levels import Level
from bot.storage.models import Cohort

PATH = "/topics"


async def show_topics(
    page: PageRequest, notice: Notice | None = None, *, status: int = 200
) -> web.StreamResponse:
    """Show the chosen bank, the pending suggestions, and a cohort's plan and schedules."""
    services, community_id = page.services, page.community_id
    query = page.request.query
    cohort = await _chosen(page, query.get("bank") if page.form is None else _bank_field(page))
    if notice is None:
        notice = notice_of(query, page.signed_in.session.csrf_token)
    context = {
        "title": _("Topics"),
        "notice": notice,
        "cohorts": active_cohorts(await services.cohorts.all(community_id)),
        "bank": await bank_view(services, page.signed_in.platform, community_id, cohort),
        "suggestions": await pending_suggestions(page.dashboard.database, community_id),
        "path": PREFIX + PATH,
    }
    return page.render("topics.html", context, status=status)


async def change_topics(page: PageRequest) -> web.StreamResponse:
    """Make the form's change; redirect to the bank with its result, or show why not (400)."""
    assert page.form is not None
    raw_action = page.form.get("action")
    action = ACTIONS.get(raw_action) if isinstance(raw_action, str) else None
    if action is None:
        raise web.HTTPBadRequest(text=_("This form asks for nothing the Topics page does."))
    cohort = await _chosen(page, _bank_field(page))
    try:
        said = await action(Change(page, staff_of(page), cohort))
    except UserFacingError as refusal:
        return await show_topics(page, Notice(str(refusal), error=True), status=400)
    query = {"bank": str(cohort.id)} if cohort is not None else {}
    location = redirect_to(PREFIX + PATH, query, said, page.signed_in.session.csrf_token)
    return web.Response(status=303, headers={"Location": location})


async def _chosen(page: PageRequest, raw: str | None) -> CohortInfo | None:
    """Return the cohort whose bank is meant (None: the community's); another's is a 404."""
    if not raw:
        return None
    cohort = await page.services.cohorts.get(await page.owned(Cohort, raw))
    if cohort is None:  # gone since the check
        raise web.HTTPNotFound(text=_("Not found in this community."))
    return cohort


def _bank_field(page: PageRequest) -> str:
    assert page.form is not None
    value = page.form.get("bank")
    return value if isinstance(value, str) else ""


TOPICS = Page("topics", PATH, N_("Topics"), Level.HOST, show_topics, change_topics)
