"""A bug inside a command: the answer says truthfully whether anything was saved."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.console.session import ConsoleSession
from bot.shared.guidelines import GuidelinesService
from tests.commands.support import refused


async def test_a_bug_after_part_of_the_work_was_saved_does_not_say_nothing_changed(
    console: ConsoleSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    await console.say("@hana is host")
    add = GuidelinesService.add

    async def add_then_fail(self: GuidelinesService, *args: Any) -> int:
        await add(self, *args)
        raise RuntimeError("a bug after the rule was saved")

    monkeypatch.setattr(GuidelinesService, "add", add_then_fail)
    answer = await refused(console, "@hana: /guidelines add Be kind")

    assert "nothing was changed" not in answer.lower()
    assert "part of it was saved" in answer
    assert "reference" in answer
    assert await console.app.services.guidelines.rules(1) == ["Be kind"]


async def test_a_bug_before_anything_was_saved_says_nothing_changed(
    console: ConsoleSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    await console.say("@hana is host")

    async def fail(self: GuidelinesService, *args: Any) -> int:
        raise RuntimeError("a bug before saving")

    monkeypatch.setattr(GuidelinesService, "add", fail)
    answer = await refused(console, "@hana: /guidelines add Be kind")

    assert "nothing was changed" in answer
    assert await console.app.services.guidelines.rules(1) == []
