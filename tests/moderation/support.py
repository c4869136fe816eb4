"""Helpers for the moderation tests: a set-up community, cases and flags read back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.app import App
from bot.errors import PlatformRefused
from bot.platform import Capability
from bot.refs import CommunityRef, UserRef
from bot.storage.models import ModCase, ModFlag

SET_UP = (
    "@hana is admin",
    "@mia is moderator",
    "@max is moderator",
    "@hana: /setup channel modqueue #modqueue",
    "@hana: /setup channel modlog #modlog",
    "@hana: /guidelines set Be kind",
    "@hana: /guidelines add Stay on topic",
    "@carl: hello",
    "@bob: hi all",
    "@mia: /mod cases",
    "@max: /mod cases",
)


async def set_up(console: ConsoleSession) -> None:
    """Give the console community moderators, an admin, a mod queue, a mod log, guidelines."""
    for line in SET_UP:
        await console.say(line)


async def cases(app: App) -> list[dict[str, Any]]:
    """Return every case row, oldest first."""
    async with app.database.engine.connect() as connection:
        result = await connection.execute(select(ModCase).order_by(ModCase.id))
        return [dict(row._mapping) for row in result]


async def flags(app: App) -> list[dict[str, Any]]:
    """Return every flag row, oldest first."""
    async with app.database.engine.connect() as connection:
        result = await connection.execute(select(ModFlag).order_by(ModFlag.id))
        return [dict(row._mapping) for row in result]


def of_kind(records: list[Record], kind: str, to: str | None = None) -> list[Record]:
    """Return the records of one kind (and destination)."""
    return [r for r in records if r.kind == kind and (to is None or r.to == to)]


class RefusingPlatform(ConsolePlatform):
    """The console, minus timeouts, whose bans the platform refuses (the bot's role too low)."""

    @property
    def capabilities(self) -> frozenset[Capability]:
        """Return the console's capabilities without timeouts."""
        return super().capabilities - {Capability.TIMEOUT}

    async def ban(self, community: CommunityRef, user: UserRef, reason: str | None) -> None:
        """Refuse, as Discord does when the member's role is above the bot's."""
        raise PlatformRefused(f"I cannot ban @{user.id}: their role is above mine.")
