"""`decide_suggestion`: one decision for the card's buttons and the dashboard, announced alike.

On both databases: a dashboard approval (no interaction) and a button press at the same moment
in two processes decide once; the cards are edited so their buttons are spent, the suggester
is told by DM, and a caller below host is refused and changes nothing.
"""

from __future__ import annotations

import asyncio

import pytest

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.world import ConsoleWorld
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.errors import PermissionDenied, UserFacingError
from bot.events import Actor
from bot.host_requests import decide_suggestion
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, MessageRef, UserRef
from bot.settings import Settings
from bot.shared.communities import ChannelPurpose
from bot.staff import Staff
from bot.storage.database import Database
from bot.topics import Decision
from tests.storage.support import other_process

COMMUNITY = CommunityRef("console", "console")
RACES = 6


@pytest.fixture
def app(any_database: Database, settings: Settings, clock: VirtualClock) -> App:
    """The app on the database under test (SQLite, then PostgreSQL)."""
    return build_app(settings, clock, database=any_database)


@pytest.fixture
def records() -> list[Record]:
    """What the console platform did."""
    return []


@pytest.fixture
def platform(clock: VirtualClock, records: list[Record]) -> ConsolePlatform:
    """A console platform whose world knows mia (a member), hana and max (hosts)."""
    world = ConsoleWorld(clock)
    world.member("mia")
    for host in ("hana", "max"):
        world.member(host).level = Level.HOST
    return ConsolePlatform(world, records.append)


async def _staff(app: App, community_id: int, name: str, level: Level) -> Staff:
    actor = Actor(UserRef("console", name), name, platform_level=level)
    member = await app.services.members.resolve(community_id, actor)
    return Staff(community_id, member.id, name, member.level)


async def _suggest(app: App, platform: ConsolePlatform, text: str) -> tuple[int, int, MessageRef]:
    """Suggest `text` as mia with its card in #hosts; return the community, topic and card."""
    services = app.services
    community_id = await services.communities.ensure(COMMUNITY)
    await services.communities.assign_channel(
        community_id, ChannelPurpose.HOSTS, ChannelRef("console", "hosts")
    )
    mia = await services.members.resolve(community_id, Actor(UserRef("console", "mia"), "mia"))
    topic = await services.topics.suggest(community_id, mia.id, text)
    opened = await services.host_requests.suggestion(platform, community_id, mia.id, topic.id)
    (card,) = await services.host_requests.suggestion_cards(platform, topic.id)
    assert opened.new
    return community_id, topic.id, card


async def test_a_dashboard_approval_and_a_button_press_at_once_decide_once(
    app: App,
    platform: ConsolePlatform,
    records: list[Record],
    any_database: Database,
    clock: VirtualClock,
) -> None:
    suggested = [await _suggest(app, platform, f"Suggestion {n}") for n in range(RACES)]
    community_id = suggested[0][0]
    hana = await _staff(app, community_id, "hana", Level.HOST)
    max_ = await _staff(app, community_id, "max", Level.HOST)
    async with other_process(any_database) as elsewhere:
        second = build_app(app.settings, clock, database=elsewhere)
        outcomes = [
            await asyncio.gather(
                decide_suggestion(  # the dashboard: no interaction, the stored card is edited
                    app.services.topics, app.services.host_requests, platform, hana, topic_id,
                    approve=True,
                ),
                decide_suggestion(  # the button, in another process, on the card it pressed
                    second.services.topics, second.services.host_requests, platform, max_,
                    topic_id, approve=False, pressed=card,
                ),
                return_exceptions=True,
            )
            for _community, topic_id, card in suggested
        ]  # fmt: skip

    for approved, rejected in outcomes:
        winners = [o for o in (approved, rejected) if isinstance(o, Decision)]
        losers = [o for o in (approved, rejected) if isinstance(o, BaseException)]
        assert len(winners) == 1, (approved, rejected)
        assert len(losers) == 1, (approved, rejected)
        assert type(losers[0]) is UserFacingError
        assert "already" in str(losers[0])
    bank = {t.text for t in await app.services.topics.bank(community_id)}
    approvals = [o for pair in outcomes for o in pair if isinstance(o, Decision)]
    assert bank == {d.topic.text for d in approvals if d.topic.status == "approved"}
    dms = [r for r in records if r.kind == "dm" and r.to == "@mia"]
    assert len(dms) == RACES, "the suggester is told once per suggestion"
    for _community, _topic, card in suggested:
        edits = [r for r in records if r.kind == "edit" and r.target == card.id]
        assert edits, "the card is edited"
        assert not edits[-1].buttons, "its buttons are spent"
        assert "by @" in (edits[-1].text or "")


async def test_the_dashboard_announces_on_the_card_and_a_member_is_refused(
    app: App, platform: ConsolePlatform, records: list[Record]
) -> None:
    community_id, topic_id, card = await _suggest(app, platform, "Pair on <@U1> katas?")
    mia = await _staff(app, community_id, "mia", Level.MEMBER)

    with pytest.raises(PermissionDenied, match="needs the host level"):
        await decide_suggestion(
            app.services.topics, app.services.host_requests, platform, mia, topic_id, approve=True
        )
    assert await app.services.topics.pending_count(community_id) == 1

    hana = await _staff(app, community_id, "hana", Level.HOST)
    decision = await decide_suggestion(
        app.services.topics, app.services.host_requests, platform, hana, topic_id, approve=True
    )

    assert decision.topic.status == "approved"
    (edit,) = [r for r in records if r.kind == "edit" and r.target == card.id]
    assert edit.text == "Topic suggestion approved by @hana."
    assert not edit.buttons
    (dm,) = [r for r in records if r.kind == "dm" and r.to == "@mia"]
    assert "was approved" in (dm.text or "")
