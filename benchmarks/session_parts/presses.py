"""A burst of presses on one card: `members` press Going within `window` seconds.

Every press is an INTERACTION_CREATE through the real discord.py, sent at its planned moment
(open loop). Figures: how many presses were answered "You answered Going." (at once, or after
Discord's "thinking…" placeholder and a follow-up), how long the answers took, how many times
the card was edited and the shortest gap between two edits, and the count the card and the
database end with, and the process's CPU time per press (the app, discord.py and the fake
Discord share the process: a figure that the machine's other load disturbs less than the
latencies). The app runs on the wall clock: the card's edit gap is real.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.session_parts.discord_app import discord_app, post_card, until
from bot.clock import RealClock
from bot.platform import Platform
from bot.sessions import cards, store
from tests.adapters.discord.fake_server import FakeDiscord, RecordedRequest

ANSWER = "You answered Going."


@contextmanager
def every_press_edits(wanted: bool) -> Iterator[None]:
    """With `wanted`, run with a card editor that edits on every press (the baseline)."""
    kept = cards.CardEditor.changed

    async def edit_now(editor: cards.CardEditor, session_id: int, platform: Platform) -> None:
        editor.edits += 1
        await editor._refresh(session_id, platform)

    if wanted:
        cards.CardEditor.changed = edit_now  # type: ignore[method-assign]
    try:
        yield
    finally:
        cards.CardEditor.changed = kept  # type: ignore[method-assign]


async def measure(
    path: Path, members: int, window: float, *, every_press: bool = False
) -> dict[str, Any]:
    """Press Going `members` times within `window` seconds on one card; return the figures."""
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    with every_press_edits(every_press):
        async with discord_app(path, RealClock()) as (app, fake):
            card = await post_card(fake, tomorrow, "18:00")
            card_id = str(card.answer["id"])
            names = [f"member{number}" for number in range(members)]
            for name in names:
                fake.guild.add_member(name)
            cpu_before = time.process_time()
            sent, spread = await _press_all(fake, card_id, names, window)
            answered = await _answers(fake, sent)
            expected = f"Going: {members} ·"
            settled = await until(
                fake,
                lambda: expected in fake.guild.messages[card_id].content,
                120,
                "the card's count",
            )
            cpu = time.process_time() - cpu_before
            async with app.database.reading() as connection:
                counted = (await store.counts(connection, 1)).going
    edits = [
        r.at
        for r in fake.requests
        if r.method == "PATCH" and r.path.endswith(f"/messages/{card_id}") and r.status == 200
    ]
    latencies = sorted(answered[one] - sent[one] for one in sent if one in answered)
    acknowledged = sorted(
        r.at - sent[r.path.split("/")[2]]
        for r in fake.requests
        if r.path.startswith("/interactions/") and r.path.split("/")[2] in sent
    )
    return {
        "members": members,
        "sent_within_seconds": round(spread, 3),
        "answered": len(latencies),
        "answer_p50_ms": round(statistics.median(latencies) * 1000),
        "answer_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000),
        "answer_max_ms": round(latencies[-1] * 1000),
        "deferred": sum(1 for one in sent if one in answered) - _direct(fake, sent),
        "first_response_p99_ms": round(acknowledged[int(len(acknowledged) * 0.99) - 1] * 1000),
        "first_response_over_3s": sum(1 for one in acknowledged if one > 3.0),
        "card_edits": len(edits),
        "shortest_edit_gap_seconds": _shortest_gap(edits),
        "card_settled_after_seconds": round(settled - min(sent.values()), 2),
        "card_count": members if expected in fake.guild.messages[card_id].content else None,
        "database_count": counted,
        "rate_limited": fake.global_limit.refusals,
        "cpu_ms_per_press": round(cpu * 1000 / members, 2),
    }


async def _press_all(
    fake: FakeDiscord, card_id: str, names: list[str], window: float
) -> tuple[dict[str, float], float]:
    """Dispatch each press at its planned moment; return when each left, and the spread."""
    sent: dict[str, float] = {}
    began = time.monotonic()
    for number, name in enumerate(names):
        wait = began + window * number / len(names) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        interaction = await fake.press_button(name, card_id, "session:answer:1:going")
        sent[interaction] = time.monotonic()
    return sent, time.monotonic() - began


async def _answers(fake: FakeDiscord, sent: dict[str, float]) -> dict[str, float]:
    """Wait for every press's answer; return when each arrived (a callback with the answer,
    or the follow-up after a deferral)."""
    tokens = {fake.guild.interactions[one].token: one for one in sent}
    found: dict[str, float] = {}
    looked = 0

    def all_arrived() -> bool:  # looks only at the requests new since it last looked
        nonlocal looked
        for request in fake.requests[looked:]:
            owner = _answered(request, tokens)
            if owner is not None:
                found[owner] = request.at
        looked = len(fake.requests)
        return len(found) >= len(sent)

    await until(fake, all_arrived, 300, "every press's answer")
    return found


def _answered(request: RecordedRequest, tokens: dict[str, str]) -> str | None:
    """Return the interaction a request answers with the text, if it does."""
    if not isinstance(request.json, dict) or request.status >= 300:
        return None
    parts = request.path.split("/")
    if request.path.startswith("/interactions/") and request.method == "POST":
        data = request.json.get("data") or {}
        return parts[2] if data.get("content") == ANSWER else None
    if request.path.startswith("/webhooks/") and request.json.get("content") == ANSWER:
        return tokens.get(parts[3])
    return None


def _direct(fake: FakeDiscord, sent: dict[str, float]) -> int:
    """Return how many presses were answered with the text in the callback itself."""
    return sum(
        1
        for r in fake.requests
        if r.path.startswith("/interactions/")
        and r.path.split("/")[2] in sent
        and ((r.json or {}).get("data") or {}).get("content") == ANSWER
    )


def _shortest_gap(moments: list[float]) -> float | None:
    ordered = sorted(moments)
    gaps = [later - earlier for earlier, later in itertools.pairwise(ordered)]
    return round(min(gaps), 3) if gaps else None
