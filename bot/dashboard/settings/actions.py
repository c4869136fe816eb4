"""The Settings page's changes: each reads its fields as the command reads its options, checks
the command's level and calls the code the command calls (`bot.setup`, the guidelines service).

Neither `/setup` nor `/guidelines` posts or logs anything beyond its answer, so a change here
announces nothing either: its answer is the page's notice. Bad input raises `ArgumentError`
or `UserFacingError` before anything is stored.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot import setup
from bot.dashboard.pages import PageRequest
from bot.errors import UserFacingError
from bot.i18n import _
from bot.levels import Level
from bot.shared.guidelines import replaced_answer
from bot.shared.reading import (
    ArgumentError,
    read_channel,
    read_choice,
    read_date,
    read_role_or_member,
    read_timezone,
)
from bot.staff import Staff, require

SETS_UP = Level.ADMIN
"""The level every `/setup` change declares (a test checks it)."""
EDITS_GUIDELINES = Level.HOST
"""The level `/guidelines set`, `add` and `remove` declare (a test checks it)."""

Action = Callable[[PageRequest], Awaitable[str]]


def _field(page: PageRequest, name: str) -> str:
    assert page.form is not None
    value = page.form.get(name)
    return value if isinstance(value, str) else ""


def _staff(page: PageRequest) -> Staff:
    member = page.signed_in.member
    return Staff(page.community_id, member.id, member.external_id, member.level)


def _change(page: PageRequest) -> setup.SetupChange:
    """Return the signed-in admin as the set-up's actor, refused below the command's level."""
    staff = _staff(page)
    require(staff, SETS_UP)
    signed_in = page.signed_in
    return setup.SetupChange(page.services, signed_in.platform, signed_in.community, staff)


async def channel(page: PageRequest) -> str:
    """`/setup channel <purpose> <channel>`."""
    change = _change(page)
    purpose = read_choice(_field(page, "purpose"), setup.PURPOSES, "purpose")
    where = read_channel(_field(page, "channel").strip())
    return await setup.assign_channel(change, purpose, where)


async def timezone(page: PageRequest) -> str:
    """`/setup timezone <zone>`."""
    change = _change(page)
    return await setup.set_timezone(change, read_timezone(_field(page, "zone")))


async def language(page: PageRequest) -> str:
    """`/setup language <code>`."""
    change = _change(page)
    return await setup.set_language(change, _field(page, "language"))


async def role(page: PageRequest) -> str:
    """`/setup role <level> <who>`."""
    change = _change(page)
    level = read_choice(_field(page, "level"), setup.GRANTABLE_LEVELS, "level")
    who = read_role_or_member(_field(page, "who").strip(), "who")
    return await setup.grant_level(change, level, who)


async def add_break(page: PageRequest) -> str:
    """`/setup break <from> <to>`."""
    change = _change(page)
    starts, ends = read_date(_field(page, "starts")), read_date(_field(page, "ends"))
    return await setup.add_break(change, starts, ends)


async def remove_break(page: PageRequest) -> str:
    """`/setup unbreak <from>`."""
    change = _change(page)
    return await setup.remove_break(change, read_date(_field(page, "starts")))


async def welcome(page: PageRequest) -> str:
    """`/setup welcome <text>`; the Reset button sends `reset`, as the command takes it."""
    change = _change(page)
    text = _field(page, "text")
    if not text.strip():
        raise UserFacingError(_("Write the welcome first: the box was empty."))
    return await setup.set_welcome(change, text)


async def replace_guidelines(page: PageRequest) -> str:
    """`/guidelines set`, as its form: every rule, one per line."""
    require(_staff(page), EDITS_GUIDELINES)
    rules = await page.services.guidelines.replace(page.community_id, _field(page, "rules"))
    return replaced_answer(rules)


async def add_guideline(page: PageRequest) -> str:
    """`/guidelines add <rule>`."""
    require(_staff(page), EDITS_GUIDELINES)
    number = await page.services.guidelines.add(page.community_id, _field(page, "rule"))
    return _("Added rule {number}.").format(number=number)


async def remove_guideline(page: PageRequest) -> str:
    """`/guidelines remove <number>`."""
    require(_staff(page), EDITS_GUIDELINES)
    text = _field(page, "number").strip()
    if not text.isascii() or not text.isdecimal() or len(text) > 6:
        raise ArgumentError(_("{option} must be a whole number, like 3").format(option="number"))
    number = int(text)
    removed = await page.services.guidelines.remove(page.community_id, number)
    return _("Removed rule {number}: {rule}").format(number=number, rule=removed)


ACTIONS: dict[str, Action] = {
    "channel": channel,
    "timezone": timezone,
    "language": language,
    "role": role,
    "break": add_break,
    "unbreak": remove_break,
    "welcome": welcome,
    "guidelines": replace_guidelines,
    "rule-add": add_guideline,
    "rule-remove": remove_guideline,
}
