"""Coalescing: calls made in the same moment share one round trip to the database.

A burst (a thousand scheduled posts due in the same minute) otherwise pays a round trip per
call; through aiosqlite each costs most of a millisecond whatever it does. `Coalescer.submit`
queues an item and waits; once every caller of this moment has queued (one turn of the event
loop), the batch function runs once for all of them and each caller gets its own result.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Coalescer(Generic[Item, Result]):
    """Runs `batch` once for the items submitted in the same moment, `limit` at a time."""

    def __init__(
        self, batch: Callable[[list[Item]], Awaitable[Sequence[Result]]], *, limit: int = 500
    ) -> None:
        self._batch = batch
        self._limit = limit
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._running: set[asyncio.Task[None]] = set()

    async def submit(self, item: Item) -> Result:
        """Queue `item`; return its result (or raise what its batch raised)."""
        result: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append((item, result))
        if len(self._pending) == 1:
            task = asyncio.create_task(self._run_pending())
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return await result

    async def _run_pending(self) -> None:
        await asyncio.sleep(0)  # let every caller of this moment queue first
        pending, self._pending = self._pending, []
        for start in range(0, len(pending), self._limit):
            chunk = pending[start : start + self._limit]
            try:
                results = await self._batch([item for item, _ in chunk])
            except Exception as error:
                for _, result in chunk:
                    result.set_exception(error)
                continue
            for (_, result), value in zip(chunk, results, strict=True):
                result.set_result(value)
