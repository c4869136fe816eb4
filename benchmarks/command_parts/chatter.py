"""Members typing at once: concurrent tasks, one per member, each posting ordinary chat
through the console (the dispatcher, activity and automod) with a pause between its own
messages, until told to stop."""

from __future__ import annotations

import asyncio
import itertools
import random

from adapters.console.session import ConsoleSession

WORDS = (
    "has anyone tried the second exercise yet",
    "I think the trick is to read the error from the bottom up",
    "thanks, that helped a lot",
    "the notes from Tuesday are in the pinned message",
    "does the deadline include weekends",
    "pairing with someone made this so much easier",
)


class Chatter:
    """`typists` members posting one message each every `pause` seconds (on average)."""

    def __init__(self, console: ConsoleSession, typists: int, pause: float) -> None:
        self._console = console
        self._names = [f"typist{number}" for number in range(typists)]
        self._pause = pause
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()
        self.sent = 0

    async def join(self) -> None:
        """Have the typists join the community (before anything is timed)."""
        for name in self._names:
            await self._console.say(f"@{name} joins")

    def start(self) -> None:
        """Start every typist at once."""
        self._tasks = [
            asyncio.create_task(self._type(name, seed)) for seed, name in enumerate(self._names)
        ]

    async def stop(self) -> None:
        """Stop the typists and wait for their last messages to be handled."""
        self._stopping.set()
        await asyncio.gather(*self._tasks)

    async def _type(self, name: str, seed: int) -> None:
        chance = random.Random(seed)
        for number in itertools.count():
            if self._stopping.is_set():
                return
            await self._console.say(f"@{name}: {WORDS[(number + seed) % len(WORDS)]} ({number})")
            self.sent += 1
            await asyncio.sleep(chance.uniform(0, 2 * self._pause))
