"""The dashboard in a real browser: headless Chromium from the system's packages, driven by
Selenium. A host asks /dashboard in the console, opens the link, presses Continue, lands on
the overview and signs out. Screenshots of each page go under the test's temporary folder.

Selenium's calls block, and the dashboard is served by this test's own event loop, so each
call runs in a thread (`asyncio.to_thread`).
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.dashboard.wiring import PAGES
from bot.i18n import _
from bot.levels import Level
from tests.dashboard.support import Served

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
By = pytest.importorskip("selenium.webdriver.common.by").By

WebDriverWait = pytest.importorskip("selenium.webdriver.support.wait").WebDriverWait
staleness_of = pytest.importorskip("selenium.webdriver.support.expected_conditions").staleness_of

BROWSER, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the module."""
    if BROWSER is None or DRIVER is None:
        pytest.skip("no browser: install Debian's chromium and chromium-driver (see TESTING)")
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=390,844")  # a phone's width: the layout must hold
    options.binary_location = BROWSER
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(DRIVER))
    try:
        yield driver
    finally:
        driver.quit()


async def _open(driver: Any, url: str, shots: Path, name: str) -> None:
    await asyncio.to_thread(driver.get, url)
    await asyncio.to_thread(driver.save_screenshot, str(shots / f"{name}.png"))


async def _press(driver: Any, label: str, shots: Path, name: str) -> None:
    buttons = await asyncio.to_thread(driver.find_elements, By.TAG_NAME, "button")
    (button,) = [found for found in buttons if found.text == label]
    await asyncio.to_thread(button.click)
    await asyncio.to_thread(WebDriverWait(driver, 30).until, staleness_of(button))
    await asyncio.to_thread(driver.save_screenshot, str(shots / f"{name}.png"))


async def test_a_host_signs_in_sees_the_overview_and_signs_out(
    chromium: Any, dashboard: Served, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    link = await dashboard.link("hana")
    await _open(chromium, link, shots, "1-continue")
    assert chromium.title == "Sign in · Cohort"
    assert [b.text for b in chromium.find_elements(By.TAG_NAME, "button")] == ["Continue"]
    await _press(chromium, "Continue", shots, "2-overview")
    assert chromium.current_url == f"{dashboard.url}/dashboard/"
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Community health"
    nav = [a.text for a in chromium.find_elements(By.CSS_SELECTOR, "nav a")]
    shown = [_(page.title) for page in PAGES if page.in_nav and page.level <= Level.HOST]
    assert nav == shown  # every page a host may open, in order
    assert chromium.find_element(By.CLASS_NAME, "who").text == "Signed in as hana"
    assert chromium.find_element(By.TAG_NAME, "link").get_attribute("href").endswith(".css")
    assert chromium.execute_script("return getComputedStyle(document.body).margin") == "0px"
    width = "return [document.documentElement.scrollWidth, window.innerWidth]"
    scrolled, viewport = chromium.execute_script(width)
    assert viewport < 600  # Chromium's narrowest window: a phone's width, or near it
    assert scrolled <= viewport  # nothing runs off the side
    await _press(chromium, "Sign out", shots, "3-signed-out")
    assert chromium.current_url == f"{dashboard.url}/dashboard/signed-out?lang=en"
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Signed out"
    await _open(chromium, f"{dashboard.url}/dashboard/", shots, "4-after")
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Not signed in"
    assert sorted(path.name for path in shots.iterdir()) == [
        "1-continue.png",
        "2-overview.png",
        "3-signed-out.png",
        "4-after.png",
    ]


async def test_a_reused_link_in_the_browser_says_so(
    chromium: Any, dashboard: Served, tmp_path: Path
) -> None:
    link = await dashboard.link("hana")
    await _open(chromium, link, tmp_path, "continue")
    await _press(chromium, "Continue", tmp_path, "overview")
    await _open(chromium, link, tmp_path, "reused")
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Link not valid"
    assert "already been used" in chromium.find_element(By.TAG_NAME, "p").text


async def test_a_host_who_chose_spanish_walks_the_dashboard_in_spanish(
    chromium: Any, dashboard: Served, tmp_path: Path
) -> None:
    assert dashboard.console is not None
    await dashboard.console.say("@hana: /profile language es")
    link = await dashboard.link("hana")
    await _open(chromium, link, tmp_path, "continue")
    await _press(chromium, "Continue", tmp_path, "resumen")  # the community's language: English
    assert chromium.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Salud de la comunidad"
    nav = [a.text for a in chromium.find_elements(By.CSS_SELECTOR, "nav a")]
    assert nav[0] == "Resumen"
    assert chromium.find_element(By.CLASS_NAME, "who").text == "Sesión iniciada como hana"
    await _press(chromium, "Cerrar sesión", tmp_path, "cerrada")
    assert chromium.current_url == f"{dashboard.url}/dashboard/signed-out?lang=es"
    assert chromium.find_element(By.TAG_NAME, "h1").text == "Sesión cerrada"
    assert chromium.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
