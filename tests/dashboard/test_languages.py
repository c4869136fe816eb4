"""The dashboard speaks its reader's language: the member's own choice (`/profile language`),
else their app's locale, else the community's, else English, in `<html lang>` too; pages shown
before sign-in are in the community's language. A page's handler has the community's language
current for what it posts publicly. Hosts set the community's language on the Settings page,
as `/setup language` sets it."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from sqlalchemy import select

from adapters.console.session import ConsoleSession
from bot.app import App
from bot.clock import VirtualClock
from bot.dashboard.pages import Page, PageRequest
from bot.dashboard.wiring import PAGES
from bot.i18n import current_language, public_language, speaking
from bot.i18n.formats import day
from bot.levels import Level
from bot.storage.models import Community
from tests.dashboard.settings_support import PAGE, chat, post, said
from tests.dashboard.support import Browser, Served, served

MEMBERS = (
    "@hana joins",
    "@hana is host",
    "@ada joins",
    "@ada is admin",
    "@bob joins",
)
LANG = re.compile(r'<html lang="([^"]+)">')


def lang(body: str) -> str:
    """Return the page's `<html lang>`."""
    found = LANG.search(body)
    assert found is not None, body
    return found.group(1)


async def say(dashboard: Served, *lines: str) -> None:
    """Say each line in the console; fail on any error."""
    assert dashboard.console is not None
    for line in lines:
        records = await dashboard.console.say(line)
        assert not any(record.error for record in records), (line, records)


async def community_language(dashboard: Served) -> str | None:
    """Return the language stored for the community."""
    async with dashboard.app.database.reading() as connection:
        return (await connection.execute(select(Community.language))).scalar_one()


async def languages_seen(page: PageRequest) -> web.StreamResponse:
    """A page that answers the languages its handler runs in: `private public`."""
    return web.Response(text=f"{current_language()} {public_language()}")


SEEN = Page("languages-seen", "/languages-seen", "Languages", Level.HOST, languages_seen)


@pytest.fixture
async def german_app(dash_app: App, clock: VirtualClock) -> AsyncIterator[Served]:
    """The dashboard of a console community whose members' apps are set to German (de-DE)."""
    console = ConsoleSession(dash_app, clock, locale="de-DE")
    await console.refresh_timezone()
    await console.attach()
    for line in MEMBERS:
        await console.say(line)
    async with served(dash_app, console, (*PAGES, SEEN)) as running:
        yield running


async def test_a_member_who_chose_spanish_reads_spanish(
    dashboard: Served, browser: Browser, clock: VirtualClock
) -> None:
    await say(dashboard, "@hana: /profile language es")
    link = await dashboard.link("hana")
    _, before, _ = await browser.get(link)
    assert "Continue" in before
    assert lang(before) == "en"  # before sign-in: the community's language, English
    overview = await browser.sign_in("hana", link)
    assert lang(overview) == "es"
    for spanish in ("Salud de la comunidad", "Resumen", "Cerrar sesión", "Saltar al contenido"):
        assert spanish in overview, spanish
    assert html.escape("Sesión iniciada como hana") in overview
    assert "Community health" not in overview
    status, refused, _ = await browser.get(PAGE)  # for admins: refused, in Spanish
    assert status == 403
    assert "No permitido" in refused
    assert lang(refused) == "es"
    _, members, _ = await browser.get("/dashboard/members")
    today = clock.now().date()
    with speaking("es"):
        joined = day(today)
    assert joined in members
    assert joined != today.isoformat()  # the day as Spanish writes it
    status, _, headers = await browser.post("/dashboard/signout", {"csrf": await browser.csrf()})
    assert status == 303
    assert headers["Location"] == "/dashboard/signed-out?lang=es"
    _, signed_out, _ = await browser.get(headers["Location"])
    assert "Sesión cerrada" in signed_out
    assert lang(signed_out) == "es"


async def test_a_member_whose_app_is_german_reads_german(german_app: Served) -> None:
    browser = Browser(german_app)
    try:
        overview = await browser.sign_in("hana")
        _, seen, _ = await browser.get("/dashboard/languages-seen")
    finally:
        await browser.close()
    assert lang(overview) == "de"
    for german in ("Zustand der Community", "Übersicht", "Abmelden", "Angemeldet als hana"):
        assert german in overview, german
    assert seen == "de en"  # the member's language; public posts in the community's


async def test_the_community_language_is_the_default_and_the_member_choice_wins(
    dashboard: Served, browser: Browser
) -> None:
    await say(dashboard, "@ada: /setup language es")
    link = await dashboard.link("hana")
    _, before, _ = await browser.get(link)
    assert "Continuar" in before
    assert lang(before) == "es"  # before sign-in: the community's language
    overview = await browser.sign_in("hana", link)
    assert "Salud de la comunidad" in overview
    assert lang(overview) == "es"
    _, reused, _ = await browser.get(link)
    assert "Enlace no válido" in reused
    assert lang(reused) == "es"
    _, unknown, _ = await browser.get("/dashboard/signin/" + "x" * 43)
    assert "Link not valid" in unknown  # no such link, no community: English
    assert lang(unknown) == "en"
    await say(dashboard, "@hana: /profile language en")
    _, english, _ = await browser.get("/dashboard/")
    assert "Community health" in english
    assert lang(english) == "en"


async def test_a_page_handler_posts_publicly_in_the_community_language(
    dash_app: App, clock: VirtualClock
) -> None:
    console = ConsoleSession(dash_app, clock)
    await console.attach()
    for line in (*MEMBERS, "@ada: /setup language de", "@hana: /profile language es"):
        await console.say(line)
    async with served(dash_app, console, (*PAGES, SEEN)) as running:
        browser = Browser(running)
        try:
            await browser.sign_in("hana")
            _, seen, _ = await browser.get("/dashboard/languages-seen")
        finally:
            await browser.close()
    assert seen == "es de"


async def test_settings_sets_the_community_language_as_setup_language_does(
    dashboard: Served, browser: Browser
) -> None:
    await browser.sign_in("ada")
    _, page, _ = await browser.get(PAGE)
    assert '<option value="de" lang="de">Deutsch</option>' in page
    assert '<option value="en" lang="en" selected>English</option>' in page
    assert '<option value="es" lang="es">español</option>' in page
    csrf = await browser.csrf()
    status, body = await post(browser, csrf, action="language", language="de")
    assert status == 303
    assert said(body) == (
        "The community's language is now Deutsch (de): public posts are written in it, and so "
        "is what members are sent unless they chose their own with /profile language."
    )  # /setup language's answer, in ada's language when she asked (the community's: English)
    assert await community_language(dashboard) == "de"
    assert lang(body) == "de"  # ada chose none: the page is now in the community's language
    assert '<option value="de" lang="de" selected>Deutsch</option>' in body
    assert "Einstellungen" in body


async def test_settings_refuses_an_unknown_language_as_the_command_does(
    dashboard: Served, browser: Browser
) -> None:
    await browser.sign_in("ada")
    csrf = await browser.csrf()
    status, body = await post(browser, csrf, action="language", language="tlh")
    assert status == 400
    assert said(body).startswith("I don't speak 'tlh' yet. I can write in: de (Deutsch), ")
    assert said(body) in await chat(dashboard, "@ada: /setup language tlh")  # the same words
    assert await community_language(dashboard) is None


async def test_only_an_admin_with_the_form_token_sets_the_language(dashboard: Served) -> None:
    host = Browser(dashboard)
    try:
        await host.sign_in("hana")
        status, _, _ = await host.post(
            PAGE, {"csrf": await host.csrf(), "action": "language", "language": "es"}
        )
    finally:
        await host.close()
    assert status == 403
    admin = Browser(dashboard)
    try:
        await admin.sign_in("ada")
        form = {"action": "language", "language": "es"}
        assert (await admin.post(PAGE, form))[0] == 403
        assert (await admin.post(PAGE, {**form, "csrf": "x" * 43}))[0] == 403
    finally:
        await admin.close()
    assert await community_language(dashboard) is None
