"""Routes each inbound event to the handlers that own it.

Interactive events (commands, button presses, forms, reports) always get exactly one answer: if
no feature handles one, or a handler fails unexpectedly, the person is told so privately.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.events import (
    ButtonPressed,
    CommandInvoked,
    Event,
    FormSubmitted,
    InteractiveEvent,
    MessageReported,
)
from bot.i18n import DEFAULT_LANGUAGE, N_, _, current_language, public_language
from bot.i18n.language import restore, switch_to
from bot.messages import OutboundMessage
from bot.metrics import Metrics
from bot.platform import Platform
from bot.refs import CommunityRef

log = logging.getLogger(__name__)

E = TypeVar("E", bound=Event)
Handler = Callable[[Any, Platform], Awaitable[None]]
LanguageOf = Callable[[CommunityRef], Awaitable[str]]
"""The language of a community's public posts."""

_UNHANDLED = {
    CommandInvoked: N_("Commands are not available here yet."),
    ButtonPressed: N_("That button no longer does anything."),
    FormSubmitted: N_("That form is no longer in use; nothing was saved."),
    MessageReported: N_("Reports are not switched on in this community yet; nothing was sent."),
}


class Dispatcher:
    """Holds the subscriptions made by the composition root and delivers events to them."""

    def __init__(
        self, metrics: Metrics | None = None, language_of: LanguageOf | None = None
    ) -> None:
        self._handlers: dict[type[Event], list[Handler]] = {}
        self._metrics = metrics or Metrics()
        self._language_of = language_of

    def subscribe(
        self, event_type: type[E], handler: Callable[[E, Platform], Awaitable[None]]
    ) -> None:
        """Deliver every event of `event_type` to `handler`, in subscription order."""
        self._handlers.setdefault(event_type, []).append(handler)

    def handles(self, event_type: type[Event]) -> bool:
        """Return whether anything is subscribed to `event_type`."""
        return bool(self._handlers.get(event_type))

    async def dispatch(self, event: Event, platform: Platform) -> None:
        """Deliver `event` to its handlers, in the community's language (a command's router
        then writes its answer in the caller's); never raises for a handler's failure."""
        self._metrics.event(type(event))
        language = DEFAULT_LANGUAGE
        if self._language_of is not None:
            language = await self._language_of(event.community)
        if language == current_language() == public_language():
            await self._deliver(event, platform)  # the hot path: nothing to switch
            return
        switched = switch_to(language)
        try:
            await self._deliver(event, platform)
        finally:
            restore(switched)

    async def _deliver(self, event: Event, platform: Platform) -> None:
        handlers = self._handlers.get(type(event), [])
        if not handlers and isinstance(event, InteractiveEvent):
            await _answer(platform, event, OutboundMessage.error(_(_UNHANDLED[type(event)])))
            return
        for handler in handlers:
            try:
                await handler(event, platform)
            except Exception:
                reference = uuid.uuid4().hex[:8]
                log.exception(
                    "handler %s failed on %s (ref %s)",
                    _name(handler),
                    type(event).__name__,
                    reference,
                )
                if isinstance(event, InteractiveEvent):
                    await _answer(platform, event, _failure(reference))


def _failure(reference: str) -> OutboundMessage:
    return OutboundMessage.error(
        _(
            "Something went wrong on my side and nothing was changed. Please try again; if it "
            "keeps happening, tell an admin (reference {reference})."
        ).format(reference=reference)
    )


async def _answer(platform: Platform, event: InteractiveEvent, message: OutboundMessage) -> None:
    try:
        await platform.respond(event.interaction, message, private=True)
    except Exception:
        log.exception("could not answer %s", type(event).__name__)


def _name(handler: Handler) -> str:
    return getattr(handler, "__qualname__", repr(handler))
