"""Sessions: real-time idle and absolute expiry, the cookie, and the ends a session comes to
when its member leaves, is forgotten or is demoted (their level recomputed each request)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from bot.dashboard.sessions import ABSOLUTE_LIFETIME, IDLE_LIFETIME
from bot.dashboard.standing import PLATFORM_VIEW_FOR, Standing
from bot.storage.models import DashboardSession
from tests.dashboard.support import Browser, Served


async def _sessions(served: Served) -> int:
    async with served.app.database.reading() as connection:
        count = select(func.count()).select_from(DashboardSession)
        return int((await connection.execute(count)).scalar_one())


async def _age(served: Served, **ago: timedelta) -> None:
    """Move the sessions' times back, as if real time had passed."""
    values = {name: datetime.now(UTC) - delta for name, delta in ago.items()}
    async with served.app.database.writing() as connection:
        await connection.execute(update(DashboardSession).values(**values))


async def test_the_cookie_is_http_only_and_same_site_lax(dashboard: Served) -> None:
    browser = Browser(dashboard)
    try:
        link = await dashboard.link("hana")
        _, _, headers = await browser.post(link)
    finally:
        await browser.close()
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("cohort_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # http on loopback; https gives __Host- and Secure


def test_under_https_the_cookie_is_host_bound(dashboard: Served) -> None:
    dashboard.web.site.serve_at("https://cohort.example.org")
    assert dashboard.web.cookie_name == "__Host-cohort_session"
    assert dashboard.web.site.secure


async def test_an_idle_session_ends(dashboard: Served, browser: Browser) -> None:
    await browser.sign_in("hana")
    await _age(dashboard, last_seen_at=IDLE_LIFETIME - timedelta(minutes=5))
    assert (await browser.get("/dashboard/"))[0] == 200  # and it was touched
    await _age(dashboard, last_seen_at=IDLE_LIFETIME + timedelta(minutes=1))
    assert (await browser.get("/dashboard/"))[0] == 401
    assert await _sessions(dashboard) == 0


async def test_a_session_ends_after_twelve_hours_however_busy(
    dashboard: Served, browser: Browser
) -> None:
    await browser.sign_in("hana")
    await _age(dashboard, created_at=ABSOLUTE_LIFETIME + timedelta(minutes=1))
    assert (await browser.get("/dashboard/"))[0] == 401
    assert await _sessions(dashboard) == 0


async def test_a_session_ends_when_its_member_leaves(dashboard: Served, browser: Browser) -> None:
    await browser.sign_in("hana")
    await dashboard.console.say("@hana leaves")
    assert await _sessions(dashboard) == 0
    assert (await browser.get("/dashboard/"))[0] == 401


async def test_a_session_ends_when_its_member_is_forgotten(
    dashboard: Served, browser: Browser
) -> None:
    await browser.sign_in("hana")
    await dashboard.link("hana")  # a link outstanding too
    await dashboard.console.say("@hana: /profile forget")
    await dashboard.console.say('@hana presses "Forget me"')
    assert await _sessions(dashboard) == 0
    assert (await browser.get("/dashboard/"))[0] == 401


async def test_a_demoted_member_is_signed_out_within_a_minute(
    dashboard: Served, browser: Browser
) -> None:
    now = [datetime.now(UTC)]
    web = dashboard.web
    web.standing = Standing(
        dashboard.app.database,
        dashboard.app.services.members,
        dashboard.app.platforms,
        now=lambda: now[0],
    )
    await browser.sign_in("hana")
    await dashboard.console.say("@hana is member")
    assert (await browser.get("/dashboard/"))[0] == 200  # the platform's view, cached
    now[0] += PLATFORM_VIEW_FOR + timedelta(seconds=1)
    status, body, _ = await browser.get("/dashboard/")
    assert status == 403
    assert "Your session has ended" in body
    assert await _sessions(dashboard) == 0
    await dashboard.console.say("@hana is host")
    assert (await browser.get("/dashboard/"))[0] == 401  # promoted again: still signed out
