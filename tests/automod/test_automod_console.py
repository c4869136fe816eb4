"""The inbound hook on the console: members' messages are screened and hits handed on."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import App, build_app
from bot.automod import FilterHit, FilterName
from bot.automod.model import Action
from bot.clock import VirtualClock
from bot.events import MessagePosted
from bot.platform import Platform
from bot.refs import ChannelRef, MessageRef, UserRef
from bot.settings import Settings
from tests.console.test_session import say_all

Recorded = list[tuple[FilterHit, MessagePosted, str]]


@pytest.fixture
def hits() -> Recorded:
    """Every filter hit the app hands on: the hit, the event, and the platform's name."""
    return []


@pytest.fixture
async def app(settings: Settings, clock: VirtualClock, hits: Recorded) -> AsyncIterator[App]:
    """The whole app, with a recording callback for filter hits."""

    async def record(hit: FilterHit, event: MessagePosted, platform: Platform) -> None:
        hits.append((hit, event, platform.name))

    application = build_app(settings, clock, on_filter_hit=record)
    await application.start()
    yield application
    await application.close()


@pytest.fixture
async def set_up(console: ConsoleSession) -> None:
    """Moderator mia blocks "spam" and turns on flooding and repeats; bob and hana join."""
    await say_all(
        console,
        "@mia joins",
        "@mia is moderator",
        "@hana joins",
        "@hana is host",
        "@bob joins",
        "@mia: /automod block spam",
        "@mia: /automod action terms delete",
        "@mia: /automod flood on 3 10",
        "@mia: /automod repeats on 2 60",
    )


async def test_a_blocked_term_from_a_member_calls_the_callback(
    console: ConsoleSession, set_up: None, hits: Recorded
) -> None:
    records = await say_all(console, "@bob: buy my S.P.4.M today")
    (hit, event, platform) = hits[0]
    assert len(hits) == 1
    assert platform == "console"
    message_id = records[0].id
    assert message_id is not None
    assert event.message == MessageRef("console", "general", message_id)
    assert hit.community == COMMUNITY
    assert (hit.filter, hit.rule, hit.action) == (
        FilterName.TERMS,
        'blocked term "spam"',
        Action.DELETE,
    )
    assert hit.excerpt == "buy my S.P.4.M today"
    assert hit.author == UserRef("console", "bob")
    assert hit.channel == ChannelRef("console", "general")


async def test_staff_and_clean_messages_are_not_handed_on(
    console: ConsoleSession, set_up: None, hits: Recorded
) -> None:
    await say_all(console, "@mia: spam is bad", "@hana: no spam please", "@bob: spammers!")
    assert hits == []


async def test_flooding_on_the_virtual_clock(
    console: ConsoleSession, set_up: None, hits: Recorded
) -> None:
    await say_all(console, *(f"@bob: message {n}" for n in range(4)))
    assert [hit.rule for hit, _event, _platform in hits] == [
        "4 messages in 10 seconds (more than 3)"
    ]
    await say_all(console, "time +1m", *(f"@bob: calm {n}" for n in range(3)))
    assert len(hits) == 1


async def test_the_same_message_in_two_channels(
    console: ConsoleSession, set_up: None, hits: Recorded
) -> None:
    await say_all(
        console,
        "@bob in #python: Check out my paid course!",
        "time +5m",
        "@bob in #help: Check out my paid course!",
    )
    assert [(hit.filter, hit.channel.id) for hit, _e, _p in hits] == []  # 5 minutes apart
    await say_all(console, "@bob in #random: Check out my paid course!")
    assert [(hit.filter, hit.channel.id) for hit, _e, _p in hits] == [
        (FilterName.REPEATS, "random")
    ]


async def test_an_exempt_channel_is_not_screened(
    console: ConsoleSession, set_up: None, hits: Recorded
) -> None:
    await say_all(console, "@mia: /automod exempt add #bots", "@bob in #bots: spam spam")
    assert hits == []
    await say_all(console, "@bob: spam")
    assert len(hits) == 1


async def test_a_member_made_host_is_exempt_at_once(
    console: ConsoleSession, set_up: None, hits: Recorded
) -> None:
    await say_all(console, "@admin joins", "@admin is admin", "@admin: /setup role host @bob")
    await say_all(console, "@bob: spam")
    assert hits == []


async def test_terms_in_other_scripts_are_blocked_and_found(
    console: ConsoleSession, hits: Recorded
) -> None:
    await say_all(console, "@mia joins", "@mia is moderator", "@bob joins")
    for term in ("日本", "кот", "Ελλάδα"):
        answer = (await console.say(f"@mia: /automod block {term}"))[-1]
        assert not answer.error, answer.text
        assert (answer.text or "").startswith(f'Blocked "{term.lower()}"')
    await say_all(console, "@bob: 日本へようこそ", "@bob: мой КОТ спит", "@bob: ζω στην ΕΛΛΆΔΑ")
    await say_all(console, "@bob: скот и котик", "@bob: s p a m m e r")
    assert [hit.rule for hit, _event, _platform in hits] == [
        'blocked term "日本"',
        'blocked term "кот"',
        'blocked term "ελλάδα"',
    ]
