"""The dispatcher delivers events in order and always answers interactive events once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.events import Actor, CommandInvoked, MemberJoined, MessageReported
from bot.platform import Platform
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, UserRef

NOW = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
COMMUNITY = CommunityRef("console", "console")
ALICE = Actor(user=UserRef("console", "alice"), display_name="alice")
GENERAL = ChannelRef("console", "general")


@pytest.fixture
def output() -> list[Record]:
    return []


@pytest.fixture
def platform(output: list[Record]) -> ConsolePlatform:
    return ConsolePlatform(ConsoleWorld(VirtualClock(NOW)), output.append)


def _command(text: str) -> CommandInvoked:
    interaction = InteractionRef("console", "i1", "i1", GENERAL, ALICE.user)
    return CommandInvoked(
        community=COMMUNITY, at=NOW, actor=ALICE, interaction=interaction, text=text
    )


async def test_handlers_run_in_subscription_order(platform: ConsolePlatform) -> None:
    dispatcher = Dispatcher()
    calls: list[str] = []

    async def first(event: MemberJoined, _platform: Platform) -> None:
        calls.append(f"first {event.actor.display_name}")

    async def second(event: MemberJoined, _platform: Platform) -> None:
        calls.append(f"second {event.actor.display_name}")

    dispatcher.subscribe(MemberJoined, first)
    dispatcher.subscribe(MemberJoined, second)
    await dispatcher.dispatch(MemberJoined(community=COMMUNITY, at=NOW, actor=ALICE), platform)
    assert calls == ["first alice", "second alice"]


async def test_unhandled_non_interactive_event_is_ignored_quietly(
    platform: ConsolePlatform, output: list[Record]
) -> None:
    await Dispatcher().dispatch(MemberJoined(community=COMMUNITY, at=NOW, actor=ALICE), platform)
    assert output == []


async def test_unhandled_report_tells_the_reporter_privately(
    platform: ConsolePlatform, output: list[Record]
) -> None:
    report = MessageReported(
        community=COMMUNITY,
        at=NOW,
        actor=ALICE,
        interaction=InteractionRef("console", "i2", "i2", GENERAL, ALICE.user),
        message=MessageRef("console", "general", "m1"),
        author=UserRef("console", "bob"),
        reason="rude",
    )
    await Dispatcher().dispatch(report, platform)
    assert [(r.kind, r.to, r.error) for r in output] == [("ephemeral", "@alice", True)]
    assert "nothing was sent" in (output[0].text or "")


async def test_failing_handler_answers_once_and_logs_a_reference(
    platform: ConsolePlatform, output: list[Record], caplog: pytest.LogCaptureFixture
) -> None:
    dispatcher = Dispatcher()

    async def broken(_event: CommandInvoked, _platform: Platform) -> None:
        raise RuntimeError("database on fire")

    dispatcher.subscribe(CommandInvoked, broken)
    with caplog.at_level(logging.ERROR):
        await dispatcher.dispatch(_command("help"), platform)
    assert len(output) == 1
    assert output[0].kind == "ephemeral"
    assert output[0].error
    assert "nothing was changed" in (output[0].text or "")
    reference = (output[0].text or "").rsplit("reference ", 1)[1].rstrip(").")
    assert reference in caplog.text
    assert "database on fire" in caplog.text
    assert "database on fire" not in (output[0].text or "")
