"""The Members and Sessions pages in a real browser at a phone's width: they load signed in,
their controls are labelled, the filter works from the keyboard's form, and nothing runs off
the side (tables scroll inside their own region). Screenshots go under the test's folder."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from tests.dashboard.support import Served
from tests.dashboard.test_browser import By, _open, _press, chromium

__all__ = ["chromium"]

FITS = "return [document.documentElement.scrollWidth, window.innerWidth]"


async def test_members_and_sessions_in_the_browser(
    chromium: Any, dashboard: Served, tmp_path: Path
) -> None:
    console = dashboard.console
    assert console is not None
    for line in (
        "@hana: /cohort create spring #spring",
        "@hana: /cohort add spring @bob",
        '@hana: /session create "Office hour" 2026-01-07 18:00 every 1 week',
    ):
        await console.say(line)
    await _open(chromium, await dashboard.link("hana"), tmp_path, "continue")
    await _press(chromium, "Continue", tmp_path, "overview")
    await _open(chromium, f"{dashboard.url}/dashboard/members", tmp_path, "members")
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Members"
    for select in chromium.find_elements(By.TAG_NAME, "select"):
        label = chromium.find_element(By.CSS_SELECTOR, f'label[for="{select.get_attribute("id")}"]')
        assert label.text
    names = [cell.text for cell in chromium.find_elements(By.CSS_SELECTOR, 'th[scope="row"]')]
    assert sorted(names) == ["ada", "bob", "hana", "mo"]
    scrolled, viewport = chromium.execute_script(FITS)
    assert scrolled <= viewport
    cohort = chromium.find_element(By.ID, "cohort")
    await asyncio.to_thread(cohort.send_keys, "spring")
    await _press(chromium, "Show", tmp_path, "members-spring")
    names = [cell.text for cell in chromium.find_elements(By.CSS_SELECTOR, 'th[scope="row"]')]
    assert names == ["bob"]
    await _open(chromium, f"{dashboard.url}/dashboard/sessions", tmp_path, "sessions")
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Sessions and announcements"
    assert chromium.find_element(By.ID, "upcoming-1").text.startswith("1: Office hour")
    scrolled, viewport = chromium.execute_script(FITS)
    assert scrolled <= viewport
    saved = await asyncio.to_thread(lambda: {path.name for path in tmp_path.iterdir()})
    assert saved >= {
        "members.png",
        "members-spring.png",
        "sessions.png",
    }
