"""`/announce <text>` (`/announce post <text>` on Discord), `/announce status [id]`, and the
announcement's "Got it" button.

`status` is the subcommand only when it stands alone or is followed by a number: typed as text,
`/announce status of the project is...` is an announcement that starts with "status" (the
parser gives words `status` cannot read to the group's default). On Discord the two are
separate subcommands with native options: a required text, an integer number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from bot.announcements import GOT_IT_ACTION, AnnouncementService, ReadStatus
from bot.cohorts import CohortService
from bot.cohorts.scope import Scope
from bot.errors import UserFacingError
from bot.i18n import _, ngettext
from bot.ids import NOT_OURS, button_id
from bot.levels import Level
from bot.messages import Reply
from bot.refs import UserRef
from commands.arguments import action_words
from commands.context import Context
from commands.registry import Registry
from commands.scoping import scope_of
from commands.spec import button, command
from commands.types import Text


@dataclass(frozen=True, slots=True)
class AnnounceServices:
    """What the announcement commands use."""

    announcements: AnnouncementService
    cohorts: CohortService


AnnounceContext = Context[AnnounceServices]


@command("announce post", level=Level.HOST, group_default=True)
async def post_announcement(
    context: AnnounceContext, text: Annotated[Text, "the announcement"]
) -> Reply:
    """Post an announcement with a "Got it" button (in a cohort's home: for its members)."""
    scope = await _scope(context)
    posted = await context.services.announcements.post(
        context.platform,
        context.community_id,
        context.caller.id,
        text,
        context.channel,
        scope.cohort,
    )
    where = context.platform.mention(posted.channel)
    return Reply.text(
        scope.says(
            _(
                "Posted announcement {number} in {channel}. /announce status {number} shows "
                "who has read it."
            ).format(number=posted.id, channel=where)
        )
    )


@command("announce status", level=Level.HOST, read_only=True, words_go_to_default=True)
async def announcement_status(
    context: AnnounceContext,
    number: Annotated[int | None, "an announcement's number (default: the newest)"] = None,
) -> Reply:
    """Show how many members pressed Got it, and who has not (the newest, or a number)."""
    scope = await _scope(context)
    status = await context.services.announcements.status(
        context.platform, context.community, context.community_id, number, scope.cohort
    )
    return Reply.text(_status_text(context, status))


@button(GOT_IT_ACTION, level=Level.MEMBER)
async def got_it(context: AnnounceContext) -> Reply:
    """Say you have read an announcement."""
    choice, announcement = action_words(context.action_args, 2)
    if choice != "read":
        raise UserFacingError(_(NOT_OURS))
    first = await context.services.announcements.got_it(
        context.platform,
        context.community,
        context.community_id,
        button_id(announcement),
        context.caller.id,
    )
    if first:
        return Reply.text(_("Thanks, noted: you have read this announcement."))
    return Reply.text(_("You already said you have read this one; it counts once."))


async def _scope(context: AnnounceContext) -> Scope:
    return await scope_of(context, context.services.cohorts)


def _status_text(context: AnnounceContext, status: ReadStatus) -> str:
    platform = context.platform
    heading = ngettext(
        "Announcement {number}: {pressed} of {count} member pressed Got it.",
        "Announcement {number}: {pressed} of {count} members pressed Got it.",
        status.audience,
    ).format(number=status.id, pressed=status.pressed, count=status.audience)
    lines = [heading]
    waiting = status.audience - status.pressed
    if status.not_read:
        names = ", ".join(platform.mention(UserRef(platform.name, u)) for u in status.not_read)
        lines.append(_("Not yet: {members}").format(members=names))
        hidden = waiting - len(status.not_read)
        if hidden > 0:
            lines.append(
                ngettext("... and {count} more.", "... and {count} more.", hidden).format(
                    count=hidden
                )
            )
    elif status.audience:
        lines.append(_("Everyone has read it."))
    return Scope(context.community_id, status.cohort).says("\n".join(lines))


def setup(registry: Registry, services: AnnounceServices) -> None:
    """Register the announcement commands and the Got it button, bound to `services`."""
    registry.add(post_announcement, announcement_status, got_it, services=services)
