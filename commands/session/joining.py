"""The members' side of sessions: `/session list`, `/session reminders`, and the buttons."""

from __future__ import annotations

from typing import Annotated, Literal

from bot.errors import UserFacingError
from bot.i18n import N_, _
from bot.levels import Level
from bot.messages import Reply
from bot.sessions import Answer
from bot.sessions.cards import ANSWER_PREFIX, CALENDAR_PREFIX, MADE_IT_PREFIX, when_text
from commands.arguments import action_words
from commands.session.common import SessionContext, cohort_ids_of
from commands.spec import button, command

_ANSWERED = {
    Answer.GOING: N_("You answered Going."),
    Answer.MAYBE: N_("You answered Maybe."),
    Answer.NO: N_("You answered Can't go."),
}


@command("session list", level=Level.MEMBER, read_only=True)
async def list_sessions(context: SessionContext) -> Reply:
    """Upcoming sessions you can join, with your answer."""
    cohorts = await cohort_ids_of(context)
    found = await context.services.sessions.upcoming(
        context.community_id, context.caller.id, cohorts
    )
    if not found:
        return Reply.text(_("No sessions are coming up."))
    zone = await context.services.communities.timezone(context.community_id)
    lines = [_("Coming up:")]
    for one in found:
        when = when_text(one.session, context.platform, zone)
        if one.answer is None:
            line = _("{id}. {title}: {when}").format(
                id=one.session.id, title=one.session.title, when=when
            )
        else:
            line = _("{id}. {title}: {when}. {answer}").format(
                id=one.session.id,
                title=one.session.title,
                when=when,
                answer=_(_ANSWERED[one.answer]),
            )
        lines.append(line)
    return Reply.text("\n".join(lines))


@command("session reminders", level=Level.MEMBER)
async def session_reminders(
    context: SessionContext, state: Annotated[Literal["on", "off"], "on or off"]
) -> Reply:
    """Turn your own session reminders on or off."""
    on = state == "on"
    await context.services.sessions.set_reminders(context.caller.id, on)
    if on:
        return Reply.text(_("Your session reminders are on."))
    return Reply.text(
        _("Your session reminders are off. /session reminders on turns them back on.")
    )


def _session_of(context: SessionContext, words: int) -> tuple[int, tuple[str, ...]]:
    found = action_words(context.action_args, words)
    if not found[0].isdigit():
        raise UserFacingError(_("That button no longer works."))
    return int(found[0]), found[1:]


@button(ANSWER_PREFIX, level=Level.MEMBER)
async def answer_card(context: SessionContext) -> Reply:
    """Going, Maybe or Can't go on a session card."""
    session_id, (word,) = _session_of(context, 2)
    try:
        answer = Answer(word)
    except ValueError:
        raise UserFacingError(_("That button no longer works.")) from None
    session = await context.services.sessions.get(context.community_id, session_id)
    if session.cohort_id is not None and session.cohort_id not in await cohort_ids_of(context):
        raise UserFacingError(_("This session is for another cohort. Nothing was changed."))
    await context.services.sessions.answer(context.platform, session, context.caller.id, answer)
    return Reply.text(_(_ANSWERED[answer]))


@button(CALENDAR_PREFIX, level=Level.MEMBER)
async def add_to_calendar(context: SessionContext) -> Reply:
    """Send the session's .ics file privately."""
    session_id, _rest = _session_of(context, 1)
    file = await context.services.sessions.calendar(context.community_id, session_id)
    await context.platform.send_file(context.interaction.user, file)
    return Reply.text(_("The calendar file is in your direct messages."))


@button(MADE_IT_PREFIX, level=Level.MEMBER)
async def made_it(context: SessionContext) -> Reply:
    """Yes or No to "Did you make it?"."""
    session_id, (word,) = _session_of(context, 2)
    if word not in ("yes", "no"):
        raise UserFacingError(_("That button no longer works."))
    recorded = await context.services.sessions.made_it(
        context.community_id, session_id, context.caller.id, word == "yes"
    )
    if not recorded:
        raise UserFacingError(_("Only those who answered Going are asked. Nothing was changed."))
    return Reply.text(_("Thank you, noted."))
