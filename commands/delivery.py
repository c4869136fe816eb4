"""Delivering an answer, and what happens when the platform will not take it.

The work behind an answer is done (and committed) before the answer goes out. When the
platform then refuses the answer (the interaction expired, the connection dropped), the
person must not be left thinking nothing happened: the answer goes to them by direct message,
and the log says whether the change was made.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from dataclasses import replace

from bot.errors import PlatformError
from bot.events import ButtonPressed, CommandInvoked, FormSubmitted
from bot.i18n import N_, _, publicly
from bot.messages import Form, LaterFile, OutboundMessage, Reply
from bot.platform import Capability, Platform
from bot.storage.writes import WriteCount

log = logging.getLogger(__name__)

Delivered = CommandInvoked | ButtonPressed | FormSubmitted

ELSEWHERE = N_("I could not answer you where you asked, so here is my answer:")
FORM_LOST = N_("I could not open the form in time; nothing was changed. Please try again.")


async def deliver(
    platform: Platform,
    event: Delivered,
    answer: Reply | Form,
    writes: WriteCount | None = None,
) -> None:
    """Answer the person; if the platform will not take the answer, send it another way."""
    if isinstance(answer, Form):
        try:
            await platform.open_form(event.interaction, placed_form(answer, event))
        except PlatformError as error:
            await _elsewhere(platform, event, [OutboundMessage.error(_(FORM_LOST))], error, writes)
        return
    messages = [answer.message, *answer.extra]
    for index, message in enumerate(messages):
        try:
            await platform.respond(event.interaction, message, private=answer.private)
        except PlatformError as error:
            await _elsewhere(platform, event, messages[index:], error, writes)
            return
    for make in answer.files:
        await deliver_file(platform, event, make, private=answer.private)


async def deliver_file(
    platform: Platform, event: Delivered, make: LaterFile, *, private: bool
) -> None:
    """Send a file with an answer: in the channel, or privately (in the private answer where
    the platform can, else by DM: Slack's ephemeral messages carry no file); nothing where
    the platform sends no files (the answer's text stands alone). A failure is logged: the
    answer itself has gone.

    The file is made now, in the language current for the answer (the caller's, inside the
    router's `speaking`); a file posted in the channel is public, made in the community's."""
    capabilities = platform.capabilities
    if Capability.FILES not in capabilities:
        return
    with nullcontext() if private else publicly():
        file = await make()
    try:
        if not private:
            await platform.post_file(event.interaction.channel, file)
        elif Capability.PRIVATE_FILES in capabilities:
            await platform.respond_file(event.interaction, file)
        elif Capability.DIRECT_MESSAGES in capabilities:
            await platform.send_file(event.actor.user, file)
    except PlatformError as error:
        log.warning("could not send the file %s with the answer: %s", file.name, error)


def placed_form(form: Form, event: Delivered) -> Form:
    """Return `form` naming its community when it opens in a DM, where nothing else does."""
    if isinstance(event, ButtonPressed | FormSubmitted) and event.in_direct_message:
        return replace(form, form_id=f"{form.form_id}@{event.community.id}")
    return form


async def _elsewhere(
    platform: Platform,
    event: Delivered,
    messages: list[OutboundMessage],
    error: PlatformError,
    writes: WriteCount | None,
) -> None:
    changed = writes is not None and writes.committed > 0
    log.warning(
        "could not deliver the answer to %s by %s (%s); %s",
        type(event).__name__,
        event.actor.user.id,
        error,
        "the change was made and is saved" if changed else "it changed nothing",
    )
    if Capability.DIRECT_MESSAGES not in platform.capabilities:
        return
    first, *rest = messages
    for message in [replace(first, text=_(ELSEWHERE) + "\n" + first.text), *rest]:
        try:
            await platform.direct_message(event.actor.user, message)
        except PlatformError as failure:
            log.warning("could not send the answer by direct message either: %s", failure)
            return
