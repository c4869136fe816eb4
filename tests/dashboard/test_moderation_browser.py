"""The Moderation page in a real browser (headless Chromium, one for this module): a moderator
asks /dashboard in the console, signs in, opens Moderation from the navigation, presses Warn
on a reported message's flag, and the card in the console is edited and the case logged.
Screenshots of each page go under the test's temporary folder."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.dashboard.wiring import PAGES
from bot.i18n import _
from bot.levels import Level
from bot.storage.models import ModCase
from tests.dashboard.support import Served
from tests.dashboard.test_browser import By, _open, _press, chromium

__all__ = ["chromium"]  # the module's own browser


async def test_a_moderator_handles_a_flag_in_the_browser(
    chromium: Any, dashboard: Served, tmp_path: Path
) -> None:
    console = dashboard.console
    assert console is not None
    for line in (
        "@ada: /setup channel modqueue #modqueue",
        "@ada: /setup channel modlog #modlog",
        "@carl joins",
        "@carl: you are all idiots",
    ):
        await console.say(line)
    records = await console.say("@bob reports last from @carl: rude")
    [card] = [r for r in records if r.kind == "post" and r.to == "#modqueue"]
    shots = tmp_path / "screenshots"
    shots.mkdir()

    await _open(chromium, await dashboard.link("mo"), shots, "1-continue")
    await _press(chromium, "Continue", shots, "2-overview")
    nav = {a.text: a for a in chromium.find_elements(By.CSS_SELECTOR, "nav a")}
    may_open = [page for page in PAGES if page.in_nav and page.level <= Level.MODERATOR]
    assert list(nav) == [_(page.title) for page in may_open]
    assert "Moderation" in nav
    await asyncio.to_thread(nav["Moderation"].click)
    await asyncio.to_thread(chromium.save_screenshot, str(shots / "3-moderation.png"))
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Moderation"
    assert "you are all idiots" in chromium.find_element(By.CLASS_NAME, "excerpt").text
    width = "return [document.documentElement.scrollWidth, window.innerWidth]"
    scrolled, viewport = chromium.execute_script(width)
    assert scrolled <= viewport  # phone width: nothing runs off the side
    term = chromium.find_element(By.ID, "term")
    label = chromium.find_element(By.CSS_SELECTOR, "label[for=term]")
    assert term.is_displayed()
    assert label.text == "Word or phrase"

    await _press(chromium, "Warn", shots, "4-handled")

    status = chromium.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert status.endswith(": Warned. The card on the platform says so.")
    assert "No flags are waiting." in chromium.page_source
    edited = console.world.messages[card.id or ""]
    assert "Warned by @mo." in edited.text
    assert edited.buttons == ()
    async with dashboard.app.database.reading() as connection:
        kinds = (await connection.execute(select(ModCase.kind))).scalars().all()
    assert kinds == ["warn"]
    assert sorted(path.name for path in shots.iterdir()) == [
        "1-continue.png",
        "2-overview.png",
        "3-moderation.png",
        "4-handled.png",
    ]
