"""The Settings page (admin only): GET shows the set-up and the guidelines as they stand; POST
makes one change and redirects (303) back with the command's answer, or shows why nothing
changed (400)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.dashboard.pages import Page, PageRequest
from bot.dashboard.settings.actions import ACTIONS
from bot.dashboard.site import PREFIX
from bot.dashboard.topics.notices import Notice, notice_of, redirect_to
from bot.errors import UserFacingError
from bot.i18n import N_, _
from bot.levels import Level
from bot.refs import RoleRef, UserRef
from bot.setup import GRANTABLE_LEVELS, PURPOSES
from bot.shared.communities import ChannelPurpose
from bot.shared.languages import available_languages, language_name
from bot.shared.reading import ArgumentError

PATH = "/settings"


async def show_settings(
    page: PageRequest, notice: Notice | None = None, *, status: int = 200
) -> web.StreamResponse:
    """Show the time zone, language, channels, levels, breaks, welcome and guidelines, with
    their forms."""
    if notice is None:
        notice = notice_of(page.request.query, page.signed_in.session.csrf_token)
    context = {
        "title": _("Settings"),
        "notice": notice,
        "path": PREFIX + PATH,
        "purposes": PURPOSES,
        "levels": GRANTABLE_LEVELS,
        **await _current(page),
    }
    return page.render("settings.html", context, status=status)


async def change_settings(page: PageRequest) -> web.StreamResponse:
    """Make the form's change; redirect with the command's answer, or show why not (400)."""
    assert page.form is not None
    raw_action = page.form.get("action")
    action = ACTIONS.get(raw_action) if isinstance(raw_action, str) else None
    if action is None:
        raise web.HTTPBadRequest(text=_("This form asks for nothing the Settings page does."))
    try:
        said = await action(page)
    except ArgumentError as error:
        refusal = " ".join([str(error), _("Nothing was changed.")])
        return await show_settings(page, Notice(refusal, error=True), status=400)
    except UserFacingError as error:
        return await show_settings(page, Notice(str(error), error=True), status=400)
    location = redirect_to(PREFIX + PATH, {}, said, page.signed_in.session.csrf_token)
    return web.Response(status=303, headers={"Location": location})


async def _current(page: PageRequest) -> dict[str, Any]:
    """Return the settings as they stand, mentioned as the platform mentions them."""
    services, community_id = page.services, page.community_id
    platform = page.signed_in.platform
    setup_ = await services.communities.describe(community_id, platform.name)
    welcome = await services.welcomes.setup(community_id)
    return {
        "timezone": setup_.timezone,
        "language": await services.languages.community(community_id),
        "languages": [
            {"code": code, "name": language_name(code)} for code in sorted(available_languages())
        ],
        "channels": [
            {"purpose": purpose.value, "mention": platform.mention(channel) if channel else None}
            for purpose, channel in ((p, setup_.channels.get(p)) for p in ChannelPurpose)
        ],
        "roles": [
            {"line": f"{platform.mention(RoleRef(platform.name, role))} → {level.shown}"}
            for role, level in setup_.role_levels.items()
        ],
        "members": [
            {"line": f"{platform.mention(UserRef(platform.name, user))} → {level.shown}"}
            for user, level in setup_.member_levels.items()
        ],
        "breaks": [
            {"starts": added.starts_on.isoformat(), "shown": added.describe()}
            for added in await services.breaks.list(community_id)
        ],
        "welcome": welcome,
        "rules": await services.guidelines.rules(community_id),
    }


SETTINGS = Page("settings", PATH, N_("Settings"), Level.ADMIN, show_settings, change_settings)
