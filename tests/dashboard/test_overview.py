"""The Overview: the `/stats` figures, the chart (its SVG and its words) and what needs
attention, read as the chat reads it, on both databases."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from bot.participation import needs_attention
from bot.storage.models import Member
from tests.dashboard.support import Browser, Served
from tests.dashboard.test_guards import HEADERS

STORY = (
    "@ada: /setup channel hosts #hosts",
    "@ada: /setup channel modqueue #modqueue",
    "@ada: /automod block frobnicate",
    "@alice joins",
    "@carl joins",
    "@rita joins",
    "@rita: /nudges reading",
    "@bob: /intro Hi, I'm Bob",
    "@bob: /topic suggest <b>Favourite</b> tools?",
    "@carl: does anyone know a good frobnicate book?",
    "time +15d",
    '@alice presses "Talk to a host"',
)


def _section(body: str, key: str) -> str:
    found = re.search(rf'id="waiting-{key}">(.*?)</section>', body, re.S)
    assert found is not None, key
    return found.group(1)


def _count(body: str, key: str) -> int:
    found = re.search(r'class="count">(\d+)<', _section(body, key))
    assert found is not None, key
    return int(found.group(1))


async def test_the_overview_lists_what_needs_attention(dashboard: Served, browser: Browser) -> None:
    assert dashboard.console is not None
    for line in STORY:
        await dashboard.console.say(line)
    body = await browser.sign_in("hana")
    assert _count(body, "suggestions") == 1
    suggestions = _section(body, "suggestions")
    assert "&lt;b&gt;Favourite&lt;/b&gt; tools?" in suggestions  # member-written: escaped
    assert 'href="/dashboard/topics"' in suggestions
    assert _count(body, "flags") == 1
    flags = _section(body, "flags")
    assert 'href="/dashboard/moderation"' not in flags  # a host may not open Moderation
    assert "Moderators handle them" in flags
    intros = _section(body, "intros")
    assert _count(body, "intros") == 6  # everyone present but bob, who introduced himself
    assert "alice" in intros
    assert "bob" not in intros
    quiet = _section(body, "quiet")
    assert "rita" not in quiet  # a reader, shown apart
    assert "1 member said they&#39;re just reading" in quiet
    assert _count(body, "questions") == 1
    assert "carl" in _section(body, "questions")
    assert "frobnicate book" not in body  # never the message's text
    assert _count(body, "requests") == 1
    assert "alice" in _section(body, "requests")


async def test_a_moderator_is_sent_to_the_moderation_page_for_flags(
    dashboard: Served, browser: Browser
) -> None:
    assert dashboard.console is not None
    for line in STORY:
        await dashboard.console.say(line)
    body = await browser.sign_in("mo")
    assert 'href="/dashboard/moderation"' in _section(body, "flags")


async def test_the_read_model_counts_match_the_chat(dashboard: Served) -> None:
    assert dashboard.console is not None
    for line in STORY:
        await dashboard.console.say(line)
    app = dashboard.app
    await app.services.activity.flush()
    async with app.database.reading() as connection:
        community_id = (
            await connection.execute(select(func.min(Member.community_id)))
        ).scalar_one()
    now = app.services.clock.now()
    waiting = await needs_attention(app.database, community_id, now, 14)
    pending, total = await app.services.intros.pending(community_id, limit=50)
    assert waiting.intros.count == total == len(pending)
    tally = await app.services.quiet.tally(community_id, now, 14)
    assert (waiting.quiet.count, waiting.readers) == (tally.quiet, tally.reading)
    figures = await app.services.stats.figures(community_id, now)
    assert waiting.questions.count == figures.unanswered == 1
    assert waiting.suggestions.count == await app.services.topics.pending_count(community_id)
    assert waiting.flags.count == 1
    assert waiting.requests.count == 1
    answered = await dashboard.console.say('@hana presses "Claim"')
    assert answered
    after = await needs_attention(app.database, community_id, now, 14)
    assert after.requests.count == 0


async def test_nothing_waiting_says_zero(dashboard: Served, browser: Browser) -> None:
    body = await browser.sign_in("hana")
    for key in ("suggestions", "flags", "questions", "requests"):
        assert _count(body, key) == 0, key


async def test_the_chart_is_an_svg_with_its_words_beside(
    dashboard: Served, browser: Browser
) -> None:
    body = await browser.sign_in("hana")
    found = re.search(r'<img src="/dashboard/charts/overview.svg" alt="([^"]+)"', body)
    assert found is not None
    assert "Participation balance" in html.unescape(found.group(1))
    assert 'id="chart-words"' in body
    status, svg, headers = await browser.get("/dashboard/charts/overview.svg")
    assert status == 200
    assert headers["Content-Type"] == "image/svg+xml"
    for name, value in HEADERS.items():
        assert headers.get(name) == value, name
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    assert "<script" not in svg


async def test_the_chart_is_for_hosts_and_above(dashboard: Served) -> None:
    client = Browser(dashboard)
    try:
        assert (await client.get("/dashboard/charts/overview.svg"))[0] == 401
    finally:
        await client.close()
    assert dashboard.console is not None
    refused = await dashboard.console.say("@bob: /dashboard")
    assert [r.error for r in refused if r.kind == "ephemeral"] == [True]
