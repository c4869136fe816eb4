"""The guards every dashboard request passes: headers, the Host check, same origin, CSRF, and
each page's permission matrix."""

from __future__ import annotations

import pytest

from bot.dashboard.security import CONTENT_SECURITY_POLICY
from bot.dashboard.site import Site
from bot.dashboard.wiring import PAGES
from bot.levels import Level
from tests.dashboard.support import Browser, Served

ISSUE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": ISSUE_CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
WHO = {"bob": Level.MEMBER, "hana": Level.HOST, "mo": Level.MODERATOR, "ada": Level.ADMIN}


def test_the_policy_is_exactly_the_issues() -> None:
    assert CONTENT_SECURITY_POLICY == ISSUE_CSP


async def test_every_response_carries_the_headers(dashboard: Served, browser: Browser) -> None:
    link = await dashboard.link("hana")
    answers = [await browser.get(link), await browser.post(link)]
    answers += [
        await browser.get(path) for path in ("/dashboard/", "/dashboard/static/dashboard.css")
    ]
    answers += [await browser.get("/dashboard/", Host="evil.example:80")]
    answers += [await browser.post("/dashboard/signout", Origin="http://evil.example")]
    for status, _, headers in answers:
        for name, value in HEADERS.items():
            assert headers.get(name) == value, (status, name)
        assert "Strict-Transport-Security" not in headers  # plain http on loopback


async def test_hsts_only_under_https() -> None:
    from aiohttp import web

    from bot.dashboard.security import _add_headers

    response = web.Response()
    _add_headers(response, Site("https://cohort.example.org"))
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_another_host_name_is_refused(dashboard: Served, browser: Browser) -> None:
    await browser.sign_in("hana")
    port = dashboard.url.rsplit(":", 1)[1]
    for host in (f"rebound.example:{port}", "127.0.0.1", f"localhost:{port}"):
        status, body, _ = await browser.get("/dashboard/", Host=host)
        assert status == 421, host
        assert "does not serve the dashboard" in body
    assert (await browser.get("/dashboard/"))[0] == 200
    assert (await browser.get("/healthz", Host="anything.example"))[0] == 404  # not mounted here


async def test_a_cross_origin_post_is_refused(dashboard: Served, browser: Browser) -> None:
    await browser.sign_in("hana")
    csrf = await browser.csrf()
    evil = {"Origin": "http://evil.example"}
    assert (await browser.post("/dashboard/signout", {"csrf": csrf}, **evil))[0] == 403
    no_origin = {"Origin": ""}
    assert (await browser.post("/dashboard/signout", {"csrf": csrf}, **no_origin))[0] == 403
    other_referer = {"Origin": "", "Referer": "http://evil.example/page"}
    assert (await browser.post("/dashboard/signout", {"csrf": csrf}, **other_referer))[0] == 403
    link = await dashboard.link("hana")
    assert (await browser.post(link, **evil))[0] == 403  # the sign-in POST too
    assert (await browser.get("/dashboard/"))[0] == 200  # still signed in
    null_cross_site = {"Origin": "null", "Sec-Fetch-Site": "cross-site"}
    assert (await browser.post("/dashboard/signout", {"csrf": csrf}, **null_cross_site))[0] == 403
    null_same = {
        "Origin": "null",
        "Sec-Fetch-Site": "same-origin",
        "Referer": "http://evil.example/",
    }
    assert (await browser.post("/dashboard/signout", {"csrf": csrf}, **null_same))[0] == 403
    own_referer = {"Origin": "", "Referer": f"{dashboard.url}/dashboard/"}
    assert (await browser.post("/dashboard/signout", {"csrf": csrf}, **own_referer))[0] == 303


async def test_a_browsers_null_origin_passes_on_its_fetch_metadata(
    dashboard: Served, browser: Browser
) -> None:
    # What Chromium sends for the dashboard's own forms under Referrer-Policy: no-referrer.
    await browser.sign_in("hana")
    same_site = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    csrf = await browser.csrf()
    assert (await browser.post("/dashboard/signout", {"csrf": csrf}, **same_site))[0] == 303


async def test_a_post_without_the_right_csrf_token_is_refused(
    dashboard: Served, browser: Browser
) -> None:
    await browser.sign_in("hana")
    assert (await browser.post("/dashboard/signout"))[0] == 403
    status, body, _ = await browser.post("/dashboard/signout", {"csrf": "x" * 43})
    assert status == 403
    assert "form has expired" in body
    assert (await browser.get("/dashboard/"))[0] == 200


@pytest.mark.parametrize("page", [page for page in PAGES if page.in_nav], ids=lambda p: p.name)
async def test_each_page_answers_only_its_levels(
    dashboard: Served, browser: Browser, page: object
) -> None:
    from bot.dashboard.pages import Page

    assert isinstance(page, Page)
    assert (await browser.get(f"/dashboard{page.path}"))[0] == 401  # nobody signed in
    for name, level in WHO.items():
        if level < Level.HOST:
            answer = await dashboard.console.say(f"@{name}: /dashboard")
            assert [r.error for r in answer if r.kind == "ephemeral"] == [True]
            continue
        client = Browser(dashboard)
        try:
            await client.sign_in(name)
            status, _, _ = await client.get(f"/dashboard{page.path}")
        finally:
            await client.close()
        assert status == (200 if level >= page.level else 403), (name, page.name)


async def test_a_member_is_refused_privately_and_gets_no_link(dashboard: Served) -> None:
    records = await dashboard.console.say("@bob: /dashboard")
    assert [(r.kind, r.to, r.error) for r in records if r.kind != "command"] == [
        ("ephemeral", "@bob", True)
    ]
    assert "/dashboard/signin/" not in (records[-1].text or "")


async def test_a_display_name_is_escaped(dashboard: Served, browser: Browser) -> None:
    dashboard.console.world.members["hana"].name = "<script>alert(1)</script>"
    body = await browser.sign_in("hana")
    assert "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
