"""The coalescer: calls made in the same moment share one batch; each gets its own result."""

from __future__ import annotations

import asyncio

import pytest

from bot.batching import Coalescer


async def test_calls_in_the_same_moment_share_one_batch_in_order() -> None:
    batches: list[list[int]] = []

    async def double(items: list[int]) -> list[int]:
        batches.append(items)
        return [item * 2 for item in items]

    coalescer = Coalescer(double)
    results = await asyncio.gather(*(coalescer.submit(n) for n in range(5)))
    assert results == [0, 2, 4, 6, 8]
    assert batches == [[0, 1, 2, 3, 4]]
    assert await coalescer.submit(7) == 14  # a later call is a batch of its own
    assert batches[-1] == [7]


async def test_a_large_moment_is_split_at_the_limit() -> None:
    sizes: list[int] = []

    async def echo(items: list[int]) -> list[int]:
        sizes.append(len(items))
        return items

    coalescer = Coalescer(echo, limit=4)
    assert await asyncio.gather(*(coalescer.submit(n) for n in range(10))) == list(range(10))
    assert sizes == [4, 4, 2]


async def test_a_failed_batch_fails_each_of_its_callers_and_the_next_batch_runs() -> None:
    async def refuse(items: list[int]) -> list[int]:
        if 13 in items:
            raise RuntimeError("database went away")
        return items

    coalescer = Coalescer(refuse, limit=2)
    outcomes = await asyncio.gather(
        *(coalescer.submit(n) for n in (12, 13, 14, 15)), return_exceptions=True
    )
    assert [type(outcome) for outcome in outcomes[:2]] == [RuntimeError, RuntimeError]
    assert outcomes[2:] == [14, 15]
    with pytest.raises(RuntimeError, match="went away"):
        await coalescer.submit(13)
