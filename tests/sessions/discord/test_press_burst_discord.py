"""A burst of presses on a session card through the real discord.py: each press gets its first
response (a deferral) even while the delivery ledger's write waits for the database, every
press is then answered, and a replayed press is answered once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.discord.client import CohortClient
from adapters.discord.responder import BUSY_HOLDING
from bot.app import App
from bot.sessions import store
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to
from tests.sessions.discord.test_sessions_discord import labels, posted_card

DEFERRED_UPDATE = {"type": 6}
GOING = "You answered Going."


@asynccontextmanager
async def another_process_writing(app: App) -> AsyncIterator[AsyncConnection]:
    """Hold the SQLite file's write lock from another engine, as a busy second process would."""
    other = app.database.another()
    try:
        async with other.engine.connect() as connection:
            await connection.exec_driver_sql(
                "INSERT INTO seen_deliveries (key, seen_at) VALUES ('elsewhere', '2026-01-01')"
            )
            yield connection
            await connection.rollback()
    finally:
        await other.close()


async def all_answered(fake: FakeDiscord, interactions: list[str], text: str) -> None:
    """Wait until each interaction was answered with `text`: in its response, or in a
    follow-up after a deferral."""
    by_token = {fake.guild.interactions[one].token: one for one in interactions}

    def answered() -> set[str]:
        found = set()
        for r in fake.requests:
            body = r.json if isinstance(r.json, dict) else {}
            parts = r.path.split("/")
            if (
                r.path.startswith("/interactions/")
                and (body.get("data") or {}).get("content") == text
            ):
                found.add(parts[2])
            elif r.path.startswith("/webhooks/") and body.get("content") == text:
                found.add(by_token.get(parts[3], ""))
        return found

    await fake.wait_until(lambda: set(interactions) <= answered(), 30)


async def test_in_a_burst_a_press_is_deferred_before_the_ledger_can_write(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    card = await posted_card(fake)
    card_id, going = str(card.answer["id"]), labels(card.json["components"])["Going"]
    names = [f"m{number}" for number in range(BUSY_HOLDING + 1)]
    for name in names:
        fake.guild.add_member(name)
    async with another_process_writing(app):
        pressed = [await fake.press_button(name, card_id, going) for name in names]
        # The last one is deferred while every press still waits for the write lock.
        assert await answer_to(fake, pressed[-1]) == DEFERRED_UPDATE
    await all_answered(fake, pressed, GOING)
    async with app.database.reading() as connection:
        assert (await store.counts(connection, 1)).going == len(names)


async def test_a_press_delivered_again_while_held_is_answered_once(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    card = await posted_card(fake)
    card_id, going = str(card.answer["id"]), labels(card.json["components"])["Going"]
    fake.guild.add_member("ana")
    async with another_process_writing(app):
        pressed = await fake.press_button("ana", card_id, going)
        await fake.redeliver()  # a resume's replay, while the first is still held
        await fake.wait_until(lambda: len(fake.guild.interactions) > 0, 5)
    answer = await answer_to(fake, pressed)
    assert answer["data"]["content"] == GOING
    callbacks = [r for r in fake.requests if r.path.startswith(f"/interactions/{pressed}/")]
    assert len(callbacks) == 1
    async with app.database.reading() as connection:
        assert (await store.counts(connection, 1)).going == 1
