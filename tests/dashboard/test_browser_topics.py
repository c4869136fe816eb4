"""The Topics page in a real browser (headless Chromium at a phone's width, one per module):
a host signs in from a /dashboard link, opens Topics, approves a suggestion and pins a topic to
a week, and each change reaches the console's platform: the suggestion's card is spent and its
suggester told, and the week's scheduled post posts the pinned topic. Screenshots of each page
go under the test's temporary folder."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.dashboard.support import Served
from tests.dashboard.test_browser import (
    By,
    WebDriverWait,
    _open,
    _press,
    chromium,
    staleness_of,
)
from tests.dashboard.topics_support import set_up_banks, topics

Keys = pytest.importorskip("selenium.webdriver.common.keys").Keys

__all__ = ["chromium"]


async def _click_link(driver: Any, text: str, shots: Path, name: str) -> None:
    link = await asyncio.to_thread(driver.find_element, By.LINK_TEXT, text)
    await asyncio.to_thread(link.click)
    await asyncio.to_thread(driver.save_screenshot, str(shots / f"{name}.png"))


def _notice(driver: Any) -> str:
    return str(driver.find_element(By.CLASS_NAME, "notice").text)


async def test_a_host_approves_a_suggestion_and_pins_a_topic(
    chromium: Any, dashboard: Served, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    await set_up_banks(dashboard)
    console = dashboard.console
    assert console is not None
    await _open(chromium, await dashboard.link("hana"), shots, "1-continue")
    await _press(chromium, "Continue", shots, "2-overview")
    await _click_link(chromium, "Topics", shots, "3-topics")
    assert chromium.current_url == f"{dashboard.url}/dashboard/topics"
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Topics"
    width = "return [document.documentElement.scrollWidth, window.innerWidth]"
    scrolled, viewport = chromium.execute_script(width)
    assert scrolled <= viewport  # nothing runs off the side at a phone's width
    unlabelled = chromium.execute_script(
        "return [...document.querySelectorAll('input:not([type=hidden]), textarea')]"
        ".filter(c => !c.labels.length).length"
    )
    assert unlabelled == 0
    assert "Favourite <b>tools</b>?" in chromium.find_element(By.CLASS_NAME, "cards").text

    await _press(chromium, "Approve", shots, "4-approved")
    assert _notice(chromium) == "Suggestion approved: Favourite <b>tools</b>?"
    assert (await topics(dashboard))["Favourite <b>tools</b>?"][1] == "approved"
    world = console.world
    (card,) = [m for m in world.messages.values() if m.channel_id == "hosts"]
    assert card.buttons == ()
    assert card.text == "Topic suggestion approved by @hana."
    told = [m for m in world.messages.values() if m.visible_to == frozenset({"bob"})]
    assert "approved and joins the topic bank" in told[-1].text

    await _click_link(chromium, "fall cohort", shots, "5-fall-bank")
    tool = (await topics(dashboard))["Which tool helps?"][0]
    week = await asyncio.to_thread(chromium.find_element, By.ID, f"pin-{tool}")
    await asyncio.to_thread(week.send_keys, "1" + Keys.ENTER)  # by keyboard: Enter submits
    await asyncio.to_thread(WebDriverWait(chromium, 30).until, staleness_of(week))
    await asyncio.to_thread(chromium.save_screenshot, str(shots / "6-pinned.png"))
    assert _notice(chromium) == f"Pinned topic {tool} to week 1: Which tool helps?"
    assert (await topics(dashboard))["Which tool helps?"][3] == 1
    plan = chromium.find_element(By.CLASS_NAME, "weeks").text
    assert "Thu 2026-01-08 09:00 in #fall: Which tool helps? (pinned)" in plan

    posted = await console.say("time 2026-01-08 09:01")
    fall = [r.text or "" for r in posted if r.kind == "post" and r.to == "#fall"]
    assert len(fall) == 1
    assert "Which tool helps?" in fall[0]
    assert sorted(path.name for path in shots.iterdir()) == [
        "1-continue.png",
        "2-overview.png",
        "3-topics.png",
        "4-approved.png",
        "5-fall-bank.png",
        "6-pinned.png",
    ]
