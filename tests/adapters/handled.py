"""Waiting for the core: the events an adapter dispatched, once every core handler has run."""

from __future__ import annotations

from asyncio import Queue
from typing import TypeVar

from bot.app import App
from bot.events import Event

E = TypeVar("E", bound=Event)


def handled_after_the_core(app: App, kind: type[E]) -> Queue[E]:
    """Return a queue of the events of `kind` the core has finished handling.

    Handlers run in subscription order, so one subscribed now runs after the core's own.
    """
    handled: Queue[E] = Queue()

    async def after_the_core(event: E, _platform: object) -> None:
        await handled.put(event)

    app.dispatcher.subscribe(kind, after_the_core)
    return handled
