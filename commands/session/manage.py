"""The hosts' `/session` commands: create, cancel, move, attendance."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from bot.errors import UserFacingError
from bot.i18n import _, formats, ngettext
from bot.levels import Level
from bot.messages import Reply
from bot.refs import UserRef
from bot.sessions import Answer, Attendee
from commands.arguments import ArgumentError, read_date
from commands.scoping import scope_of
from commands.session.common import SessionContext, SessionId
from commands.spec import Shown, command
from commands.types import Text


@command("session create", level=Level.HOST)
async def create_session(
    context: SessionContext,
    title: Annotated[str, "the title, in quotes"],
    day: Annotated[date, "the date, YYYY-MM-DD"],
    at: Annotated[time, "the start, HH:MM in the community's zone"],
    rest: Annotated[
        Text | None,
        "a length (default 1h) and every <n> weeks",
        Shown("duration and every <n> weeks"),
    ] = None,
) -> Reply:
    """Post a session card with Going, Maybe and Can't go where this is typed."""
    scope = await scope_of(context, context.services.cohorts)
    cohort_id = None if scope.cohort is None else scope.cohort.id
    session = await context.services.sessions.create(
        context.platform,
        context.community_id,
        (context.home_channel.id, cohort_id),
        title,
        (day, at),
        rest,
    )
    return Reply.text(
        _("Session {id} is posted. Members answer on its card.").format(id=session.id)
    )


@command("session cancel", level=Level.HOST)
async def cancel_session(
    context: SessionContext,
    session: SessionId,
    which: Annotated[
        str | None,
        "all: end the whole series; a date (YYYY-MM-DD): skip that date of the series",
        Shown("all|date"),
    ] = None,
) -> Reply:
    """Cancel a session, a date of its series (YYYY-MM-DD) or the whole series (all).

    Whoever answered Going or Maybe is told by DM. A date not made yet is skipped ahead of time.
    """
    changes = context.services.session_changes
    if which is not None and which.casefold() != "all":
        day = _date_of(which)
        cancelled = await changes.cancel_date(context.platform, context.community_id, session, day)
        return Reply.text(
            _(
                "Cancelled {title} on {day} (session {id}); the series goes on. Whoever "
                "answered Going or Maybe was told."
            ).format(title=cancelled.title, day=formats.day(day), id=cancelled.id)
        )
    found = await changes.cancel(context.platform, context.community_id, session, which is not None)
    return Reply.text(
        ngettext(
            "Cancelled {count} session; whoever answered Going or Maybe was told.",
            "Cancelled {count} sessions; whoever answered Going or Maybe was told.",
            len(found),
        ).format(count=len(found))
    )


def _date_of(which: str) -> date:
    try:
        return read_date(which)
    except ArgumentError as error:
        raise UserFacingError(
            _("Write all, or a date of the series: {problem}. Nothing was changed.").format(
                problem=error
            )
        ) from None


@command("session move", level=Level.HOST)
async def move_session(
    context: SessionContext,
    session: SessionId,
    day: Annotated[date, "the new date, YYYY-MM-DD"],
    at: Annotated[time, "the new start, HH:MM"],
) -> Reply:
    """Move a session to another date and time; Going and Maybe are told by DM."""
    moved = await context.services.session_changes.move(
        context.platform, context.community_id, session, (day, at)
    )
    return Reply.text(
        _("Session {id} is moved; whoever answered Going or Maybe was told.").format(id=moved.id)
    )


@command("session attendance", level=Level.HOST, read_only=True)
async def session_attendance(context: SessionContext, session: SessionId) -> Reply:
    """Who answered what, and who said afterwards that they made it."""
    info, attendees = await context.services.sessions.attendance(context.community_id, session)
    lines = [_("Session {id}: {title}").format(id=info.id, title=info.title)]
    for answer, label in (
        (Answer.GOING, _("Going")),
        (Answer.MAYBE, _("Maybe")),
        (Answer.NO, _("Can't go")),
    ):
        names = [_named(context, one) for one in attendees if one.answer is answer]
        lines.append(_("{answer}: {names}").format(answer=label, names=", ".join(names) or "-"))
    going = [one for one in attendees if one.answer is Answer.GOING]
    made = sum(1 for one in going if one.attended)
    lines.append(
        ngettext(
            "Turnout: {count} of {going} who said Going said they made it.",
            "Turnout: {count} of {going} who said Going said they made it.",
            made,
        ).format(count=made, going=len(going))
    )
    return Reply.text("\n".join(lines))


def _named(context: SessionContext, attendee: Attendee) -> str:
    name = context.platform.mention(UserRef(context.platform.name, attendee.external_id))
    if attendee.attended is True:
        return _("{member} (made it)").format(member=name)
    if attendee.attended is False:
        return _("{member} (did not make it)").format(member=name)
    return name
