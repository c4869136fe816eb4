"""The Moderation page (moderator and above): the flag queue, the case log, the filters.

A flag's buttons here are the card's buttons: each goes through `FlagQueue.press`, which
checks the moderator's level, claims the flag once (a press on the card at the same moment
acts once), performs and records the action, posts to the mod log and edits the card on the
platform so its buttons are spent. Blocking a term calls the service `/automod block` calls,
behind the same level. Success redirects (303) to the page, which says what happened from
what the database now holds; a refusal re-renders the page with the reason and changes
nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from bot.automod.model import FILTER_TITLES, AutomodRules, FilterName
from bot.automod.model import Action as FilterAction
from bot.dashboard.pages import Page, PageRequest
from bot.dashboard.site import PREFIX
from bot.durations import shown_duration
from bot.errors import UserFacingError
from bot.i18n import N_, _
from bot.i18n.formats import moment
from bot.levels import Level
from bot.moderation import CaseKind, Moderator, handled_flag, logged_cases, open_flags
from bot.moderation.cards import DONE, done_label, offered_choices
from bot.moderation.listing import LoggedCase, OpenFlag
from bot.moderation.notices import FORGOTTEN_MEMBER, past
from bot.staff import Staff, require
from bot.storage.models import ModFlag

FLAGS_SHOWN = 20
CASES_SHOWN = 25
TERMS_SHOWN = 40
PATH = "/moderation"

DONE_MESSAGES = {  # `?done=` names one of these, never free text
    "blocked": N_("The term is blocked: the blocked terms below are what the filter uses now."),
    "unblocked": N_("The term is no longer blocked."),
}


async def show_moderation(page: PageRequest) -> web.StreamResponse:
    """Show the open flags with their actions, the case log and the automatic filters."""
    return page.render("moderation.html", await _context(page))


async def act_on_flag(page: PageRequest) -> web.StreamResponse:
    """Carry out a flag's action as its card's button would, then show the page again."""
    assert page.form is not None
    choice = _text(page.form.get("choice")) or ""
    if choice not in DONE:
        return await _refuse(page, _("Choose one of the actions shown beside the flag."))
    flag_id = await page.owned(ModFlag, _text(page.form.get("flag")))
    member = page.signed_in.member
    moderator = Moderator(member.id, member.external_id, member.level)
    try:
        await page.services.flags.press(
            page.signed_in.platform, page.community_id, flag_id, choice, moderator, None
        )
    except UserFacingError as error:
        return await _refuse(page, str(error))
    raise web.HTTPSeeOther(f"{PREFIX}{PATH}?handled={flag_id}")


async def change_terms(page: PageRequest) -> web.StreamResponse:
    """Block or unblock a term as `/automod block` and `/automod unblock` do."""
    assert page.form is not None
    member = page.signed_in.member
    try:
        require(
            Staff(page.community_id, member.id, member.external_id, member.level), Level.MODERATOR
        )
        term = _text(page.form.get("term")) or ""
        operation = page.form.get("op")
        if not term.strip():
            raise UserFacingError(_("Write the word or phrase first. Nothing was changed."))
        if operation == "block":
            await page.services.automod.block(page.community_id, term)
        elif operation == "unblock":
            await page.services.automod.unblock(page.community_id, term)
        else:
            raise UserFacingError(_("Choose Block or Unblock. Nothing was changed."))
    except UserFacingError as error:
        return await _refuse(page, str(error))
    raise web.HTTPSeeOther(f"{PREFIX}{PATH}?done={operation}ed#filters")


async def back_to_moderation(_page: PageRequest) -> web.StreamResponse:
    """Send a GET of the filters' form address to the page itself."""
    raise web.HTTPSeeOther(f"{PREFIX}{PATH}#filters")


async def _refuse(page: PageRequest, reason: str) -> web.StreamResponse:
    return page.render("moderation.html", {**await _context(page), "error": reason}, status=400)


async def _context(page: PageRequest) -> dict[str, Any]:
    query = page.request.query
    flags_page, cases_page = _number(query.get("flags")), _number(query.get("cases"))
    database = page.dashboard.database
    flag_count, flags = await open_flags(
        database, page.community_id, limit=FLAGS_SHOWN, offset=(flags_page - 1) * FLAGS_SHOWN
    )
    case_count, cases = await logged_cases(
        database, page.community_id, limit=CASES_SHOWN, offset=(cases_page - 1) * CASES_SHOWN
    )
    rules = await page.services.automod.rules(page.community_id)
    return {
        "title": _("Moderation"),
        "path": PREFIX + PATH,
        "status": await _status(page),
        "error": None,
        "flag_count": flag_count,
        "flags": [_flag(page, flag) for flag in flags],
        "flag_pages": _pages(flags_page, flag_count, FLAGS_SHOWN, "flags", cases_page),
        "case_count": case_count,
        "cases": [_case(case) for case in cases],
        "case_pages": _pages(cases_page, case_count, CASES_SHOWN, "cases", flags_page),
        "filters": _filters(rules),
        "terms": list(rules.terms[:TERMS_SHOWN]),
        "more_terms": max(0, len(rules.terms) - TERMS_SHOWN),
    }


async def _status(page: PageRequest) -> str | None:
    """Return what the last change did, read back from the database (`?handled=`, `?done=`)."""
    query = page.request.query
    done = query.get("done")
    if done in DONE_MESSAGES:
        return _(DONE_MESSAGES[done])
    if "handled" not in query:
        return None
    flag_id = await page.owned(ModFlag, query.get("handled"))
    handled = await handled_flag(page.dashboard.database, page.community_id, flag_id)
    if handled is None:
        return None
    outcome = done_label(handled.outcome)
    if handled.handled_by == page.signed_in.member.id:
        return _("Flag {number}: {outcome}. The card on the platform says so.").format(
            number=flag_id, outcome=outcome
        )
    return _("Flag {number} was already handled: {outcome} by {moderator}.").format(
        number=flag_id, outcome=outcome, moderator=handled.handler_name or _(FORGOTTEN_MEMBER)
    )


def _flag(page: PageRequest, flag: OpenFlag) -> dict[str, Any]:
    choices = offered_choices(
        page.signed_in.platform,
        has_author=flag.author_external_id is not None,
        has_message=bool(flag.message_external_id),
    )
    return {
        "id": flag.id,
        "why": _why(flag),
        "author": flag.author_name or _("(unknown)"),
        "excerpt": flag.excerpt,
        "when": _when(flag.created_at),
        "choices": choices,
    }


def _why(flag: OpenFlag) -> str:
    rule = flag.rule or _("(unnamed)")
    if flag.source == "report":
        if flag.reason:
            return _("Reported message: {reason}").format(reason=flag.reason)
        return _("Reported message")
    if flag.source == "automod":
        return _("AutoMod rule {rule}").format(rule=rule)
    return _("Filter {rule}").format(rule=rule)


def _case(case: LoggedCase) -> dict[str, Any]:
    if case.automatic:
        moderator = _("Cohort (automatic)")
    else:
        moderator = case.moderator_name or _("(a forgotten moderator)")
    kind = CaseKind(case.kind)
    if case.member_name is None and kind is CaseKind.PURGE:
        member = ""
    else:
        member = case.member_name or _(FORGOTTEN_MEMBER)
    duration = None
    if case.duration_seconds is not None:
        duration = shown_duration(timedelta(seconds=case.duration_seconds))
    return {
        "id": case.id,
        "action": past(kind),
        "member": member,
        "moderator": moderator,
        "reason": case.reason or "",
        "duration": duration or "",
        "when": _when(case.created_at),
    }


def _when(at: datetime) -> str:
    """Return a flag's or a case's time as the reader's language writes it, in UTC."""
    return _("{time} UTC").format(time=moment(at))


def _filters(rules: AutomodRules) -> list[dict[str, str]]:
    shown = []
    for name in FilterName:
        config = rules.config(name)
        if name is FilterName.TERMS:
            on = bool(rules.terms)
        elif name is FilterName.REGEX:
            on = bool(rules.patterns)
        else:
            on = config.enabled
        action = config.action.value
        if config.action is FilterAction.TIMEOUT:
            action = f"{action} {shown_duration(config.timeout)}"
        shown.append(
            {
                "title": _(FILTER_TITLES[name]),
                "name": name.value,
                "state": _("on") if on else _("off"),
                "action": action,
            }
        )
    return shown


def _text(value: object) -> str | None:
    """Return a form field's text; None for a missing field or an uploaded file."""
    return value if isinstance(value, str) else None


def _number(raw: str | None) -> int:
    """Return a page number from the query: 1 for anything that is not a small positive one."""
    text = (raw or "").strip()
    if not text.isascii() or not text.isdecimal() or len(text) > 6:
        return 1
    return max(1, int(text))


def _pages(current: int, count: int, size: int, key: str, other: int) -> dict[str, Any]:
    """Return the previous and next pages' addresses for one list, keeping the other's page."""
    last = max(1, -(-count // size))
    other_key = "cases" if key == "flags" else "flags"

    def href(number: int) -> str:
        return f"{PREFIX}{PATH}?{key}={number}&{other_key}={other}#{key}"

    return {
        "current": current,
        "last": last,
        "previous": href(current - 1) if current > 1 else None,
        "next": href(current + 1) if current < last else None,
    }


MODERATION = Page(
    "moderation", PATH, N_("Moderation"), Level.MODERATOR, show_moderation, act_on_flag
)
MODERATION_FILTERS = Page(
    "moderation-filters",
    f"{PATH}/filters",
    N_("Automatic filters"),
    Level.MODERATOR,
    back_to_moderation,
    change_terms,
    in_nav=False,
)
