"""The flag queue without an interaction (the dashboard), on both databases: the open queue
as a list, a press with no card pressed that edits the card as the button does, a dashboard
press and a button press at once that act once, and a caller below moderator refused."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from adapters.console.platform import ConsolePlatform
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.errors import PermissionDenied
from bot.levels import Level
from bot.moderation import Moderator, open_flags
from bot.moderation.queue import NewFlag
from bot.refs import ChannelRef, MessageRef
from bot.storage.database import Database
from bot.storage.models import ModCase
from tests.moderation.test_moderation_storage import (
    CARL,
    COMMUNITY,
    MAX,
    MIA,
    app,
    platform,
    with_modqueue,
)
from tests.storage.support import other_process

__all__ = ["app", "platform"]  # the fixtures, shared with the storage tests


async def _flag(app: App, platform: ConsolePlatform, community_id: int, text: str) -> int:
    posted = platform.world.add_message("general", "carl", text)
    target = await app.services.moderation.target(platform, COMMUNITY, community_id, CARL.user)
    flag_id = await app.services.flags.open(
        platform,
        NewFlag(
            community_id=community_id,
            source="report",
            author=target,
            channel=ChannelRef("console", "general"),
            message=MessageRef("console", "general", posted.id),
            excerpt=text,
        ),
    )
    assert flag_id is not None
    return flag_id


async def test_the_open_queue_lists_flags_and_a_dashboard_press_closes_the_card(
    app: App, platform: ConsolePlatform
) -> None:
    community_id = await with_modqueue(app)
    first = await _flag(app, platform, community_id, "rude")
    second = await _flag(app, platform, community_id, "ruder")
    count, page = await open_flags(app.database, community_id)
    assert count == 2
    assert [(f.id, f.excerpt, f.author_external_id) for f in page] == [
        (first, "rude", "carl"),
        (second, "ruder", "carl"),
    ]
    assert (await open_flags(app.database, community_id, limit=1, offset=1))[1][0].id == second
    assert await open_flags(app.database, community_id + 1) == (0, [])

    mia = await app.services.members.resolve(community_id, MIA)
    said = await app.services.flags.press(
        platform, community_id, first, "dismiss", Moderator(mia.id, "mia", mia.level), None
    )

    assert said == "Dismissed. The card says so."
    card = platform.world.messages[page[0].card_message_external_id or ""]
    assert "@mia" in card.text
    assert not card.buttons, "the card's buttons are spent, as after a press"
    count, page = await open_flags(app.database, community_id)
    assert (count, [f.id for f in page]) == (1, [second])


async def test_a_dashboard_press_and_a_button_press_at_once_act_once(
    app: App, platform: ConsolePlatform, any_database: Database, clock: VirtualClock
) -> None:
    community_id = await with_modqueue(app)
    flag_id = await _flag(app, platform, community_id, "rude")
    (_count, [flag]) = await open_flags(app.database, community_id)
    card = MessageRef("console", "modqueue", flag.card_message_external_id or "")
    mia = await app.services.members.resolve(community_id, MIA)
    max_ = await app.services.members.resolve(community_id, MAX)
    async with other_process(any_database) as elsewhere:
        second = build_app(app.settings, clock, database=elsewhere)
        said = await asyncio.gather(
            app.services.flags.press(  # the dashboard: no card pressed
                platform, community_id, flag_id, "warn", Moderator(mia.id, "mia", mia.level), None
            ),
            second.services.flags.press(  # the button on the card, in another process
                platform, community_id, flag_id, "warn", Moderator(max_.id, "max", max_.level), card
            ),
        )
    assert sum("already handled" in text for text in said) == 1
    async with any_database.session() as session:
        assert len((await session.execute(select(ModCase))).all()) == 1
    assert await open_flags(app.database, community_id) == (0, [])


async def test_a_caller_below_moderator_is_refused_and_nothing_changes(
    app: App, platform: ConsolePlatform
) -> None:
    community_id = await with_modqueue(app)
    flag_id = await _flag(app, platform, community_id, "rude")
    host = Moderator(0, "hana", Level.HOST)

    with pytest.raises(PermissionDenied):
        await app.services.flags.press(platform, community_id, flag_id, "ban", host, None)

    count, _page = await open_flags(app.database, community_id)
    assert count == 1
