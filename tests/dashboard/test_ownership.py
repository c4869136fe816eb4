"""Every id a request names must belong to the session's community: `PageRequest.owned()`,
driven through a page registered like any other (a GET and a POST)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiohttp import web
from sqlalchemy import insert, select

from adapters.console.session import ConsoleSession
from bot.app import App
from bot.clock import VirtualClock
from bot.dashboard.pages import Page, PageRequest
from bot.dashboard.wiring import PAGES
from bot.i18n import N_
from bot.levels import Level
from bot.refs import CommunityRef
from bot.storage.models import Topic
from tests.dashboard.support import Browser, Served, served


async def _show_topic(page: PageRequest) -> web.StreamResponse:
    topic_id = await page.owned(Topic, page.request.match_info["id"])
    return web.Response(text=f"topic {topic_id}")


async def _change_topic(page: PageRequest) -> web.StreamResponse:
    assert page.form is not None
    topic_id = await page.owned(Topic, page.form.get("topic"))
    return web.Response(text=f"changed {topic_id}")


TOPIC_PAGE = Page(
    "topic", "/topic/{id}", N_("Topic"), Level.HOST, _show_topic, _change_topic, in_nav=False
)


@pytest.fixture
async def with_topic_page(dash_app: App, clock: VirtualClock) -> AsyncIterator[Served]:
    """The dashboard with one more page that reads a topic id from the path and the form."""
    console = ConsoleSession(dash_app, clock)
    await console.refresh_timezone()
    await console.attach()
    for line in ("@hana joins", "@hana is host", "@hana: /topic add Ours"):
        await console.say(line)
    async with served(dash_app, console, (*PAGES, TOPIC_PAGE)) as running:
        yield running


async def test_another_communitys_ids_are_refused(with_topic_page: Served) -> None:
    app = with_topic_page.app
    other = await app.services.communities.ensure(CommunityRef("console", "elsewhere"))
    async with app.database.writing() as connection:
        await connection.execute(
            insert(Topic).values(
                community_id=other, text="Theirs", status="bank", created_at=datetime.now(UTC)
            )
        )
        ids = {text: id_ for text, id_ in await connection.execute(select(Topic.text, Topic.id))}
    browser = Browser(with_topic_page)
    try:
        await browser.sign_in("hana")
        ours, theirs = ids["Ours"], ids["Theirs"]
        assert await browser.get(f"/dashboard/topic/{ours}") == (200, f"topic {ours}", _any())
        for wrong in (theirs, "999999", "1 OR 1=1", "-1", "１"):
            status, _, _ = await browser.get(f"/dashboard/topic/{wrong}")
            assert status == 404, wrong
        csrf = await browser.csrf()
        path = f"/dashboard/topic/{ours}"
        assert (await browser.post(path, {"csrf": csrf, "topic": str(ours)}))[0] == 200
        assert (await browser.post(path, {"csrf": csrf, "topic": str(theirs)}))[0] == 404
    finally:
        await browser.close()


class _any(dict[str, str]):
    """Equal to any headers."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]
