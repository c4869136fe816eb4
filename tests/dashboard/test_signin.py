"""Signing in with a one-time link: Continue, once; expired, reused and superseded links."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select, update

from bot.dashboard.tokens import digest
from bot.storage.models import DashboardLink, DashboardSession
from tests.dashboard.support import Browser, Served


async def _sessions(served: Served) -> int:
    async with served.app.database.reading() as connection:
        count = select(func.count()).select_from(DashboardSession)
        return int((await connection.execute(count)).scalar_one())


async def test_opening_the_link_shows_only_continue_and_uses_nothing(
    dashboard: Served, browser: Browser
) -> None:
    link = await dashboard.link("hana")
    for _ in range(2):  # a preview crawler, then the person
        status, body, _headers = await browser.get(link)
        assert status == 200
        assert ">Continue</button>" in body
        assert '<form method="post">' in body
    assert await _sessions(dashboard) == 0
    status, _, headers = await browser.post(link)
    assert status == 303
    assert headers["Location"] == "/dashboard/"
    assert await _sessions(dashboard) == 1


async def test_the_token_is_stored_only_as_its_digest(dashboard: Served) -> None:
    link = await dashboard.link("hana")
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 bytes, URL-safe base64
    async with dashboard.app.database.reading() as connection:
        stored = list((await connection.execute(select(DashboardLink.token_hash))).scalars())
    assert stored == [digest(token)]


async def test_a_reused_link_signs_in_nobody(dashboard: Served, browser: Browser) -> None:
    link = await dashboard.link("hana")
    assert (await browser.post(link))[0] == 303
    status, body, _ = await browser.post(link)
    assert status == 410
    assert "already been used" in body
    assert await _sessions(dashboard) == 1


async def test_two_presses_at_once_sign_in_once(dashboard: Served, browser: Browser) -> None:
    link = await dashboard.link("hana")
    other = Browser(dashboard)
    try:
        results = await asyncio.gather(browser.post(link), other.post(link))
    finally:
        await other.close()
    assert sorted(status for status, _, _ in results) == [303, 410]
    assert await _sessions(dashboard) == 1


async def test_a_newer_link_supersedes_the_older(dashboard: Served, browser: Browser) -> None:
    older = await dashboard.link("hana")
    newer = await dashboard.link("hana")
    status, body, _ = await browser.get(older)
    assert status == 410
    assert "newer sign-in link" in body
    assert (await browser.post(older))[0] == 410
    assert await _sessions(dashboard) == 0
    assert (await browser.post(newer))[0] == 303


async def test_an_expired_link_signs_in_nobody(dashboard: Served, browser: Browser) -> None:
    link = await dashboard.link("hana")
    async with dashboard.app.database.writing() as connection:  # ten minutes of real time
        await connection.execute(update(DashboardLink).values(expires_at=DashboardLink.created_at))
    status, body, _ = await browser.get(link)
    assert status == 410
    assert "expired" in body
    assert (await browser.post(link))[0] == 410
    assert await _sessions(dashboard) == 0


async def test_an_unknown_link_is_refused(dashboard: Served, browser: Browser) -> None:
    status, body, _ = await browser.get("/dashboard/signin/not-a-token")
    assert status == 410
    assert "not valid" in body


async def test_signing_out_is_a_post_that_ends_the_session(
    dashboard: Served, browser: Browser
) -> None:
    await browser.sign_in("hana")
    status, _, _ = await browser.get("/dashboard/signout")
    assert status == 405
    assert await _sessions(dashboard) == 1
    status, _, headers = await browser.post("/dashboard/signout", {"csrf": await browser.csrf()})
    assert status == 303
    assert headers["Location"] == "/dashboard/signed-out?lang=en"
    assert await _sessions(dashboard) == 0
    assert (await browser.get("/dashboard/"))[0] == 401
