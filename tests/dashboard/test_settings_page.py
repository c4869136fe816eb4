"""The Settings page over HTTP: admin only, every change made as `/setup` or `/guidelines`
makes it (seen afterwards in the database and by the chat command), on both databases; bad
input and a missing or wrong CSRF token change nothing."""

from __future__ import annotations

import typing

import pytest

from bot.dashboard.settings.actions import EDITS_GUIDELINES, SETS_UP
from bot.setup import GRANTABLE_LEVELS, PURPOSES
from commands import guidelines, setup
from tests.dashboard.settings_support import PAGE, chat, post, said, snapshot
from tests.dashboard.support import Browser, Served


def test_the_page_asks_the_levels_and_choices_the_commands_declare() -> None:
    for handler in (
        setup.set_channel,
        setup.set_community_timezone,
        setup.set_community_language,
        setup.set_role,
        setup.add_break,
        setup.remove_break,
        setup.set_welcome,
    ):
        assert handler.level == SETS_UP, handler.name
    for handler in (
        guidelines.set_guidelines,
        guidelines.add_guideline,
        guidelines.remove_guideline,
    ):
        assert handler.level == EDITS_GUIDELINES, handler.name
    assert typing.get_args(setup.Purpose) == PURPOSES
    assert typing.get_args(setup.GrantableLevel) == GRANTABLE_LEVELS


async def test_only_an_admin_opens_it_or_sees_it(dashboard: Served) -> None:
    for name, allowed in (("hana", False), ("mo", False), ("ada", True)):
        client = Browser(dashboard)
        try:
            overview = await client.sign_in(name)
            csrf = await client.csrf()
            status, _, _ = await client.get(PAGE)
            posted, _, _ = await client.post(
                PAGE, {"csrf": csrf, "action": "timezone", "zone": "Asia/Tokyo"}
            )
        finally:
            await client.close()
        assert (f'href="{PAGE}"' in overview) is allowed, name
        assert status == (200 if allowed else 403), name
        assert posted == (303 if allowed else 403), name
        zone = (await snapshot(dashboard))[0]
        assert zone == ("Asia/Tokyo" if allowed else "UTC"), name
    answer = await chat(dashboard, "@bob: /dashboard")  # a member gets no link at all
    assert "/dashboard/signin/" not in answer


async def test_a_post_without_the_right_csrf_token_changes_nothing(
    dashboard: Served, browser: Browser
) -> None:
    await browser.sign_in("ada")
    before = await snapshot(dashboard)
    form = {"action": "timezone", "zone": "Asia/Tokyo"}
    assert (await browser.post(PAGE, form))[0] == 403
    assert (await browser.post(PAGE, {**form, "csrf": "x" * 43}))[0] == 403
    assert await snapshot(dashboard) == before


async def test_time_zone_channel_and_levels_as_setup_makes_them(
    dashboard: Served, browser: Browser
) -> None:
    await browser.sign_in("ada")
    csrf = await browser.csrf()
    status, body = await post(browser, csrf, action="timezone", zone="europe/berlin")
    assert status == 303
    assert said(body) == "The community's time zone is now Europe/Berlin."
    status, body = await post(browser, csrf, action="channel", purpose="hosts", channel="#Hosts")
    assert said(body) == "The hosts channel is now #hosts."
    assert "hosts channel: #hosts" in body  # shown as the platform mentions it
    status, body = await post(browser, csrf, action="role", level="moderator", who="@hana")
    assert said(body) == "@hana is now a moderator."
    status, body = await post(browser, csrf, action="role", level="host", who="<@&42>")
    assert said(body) == "The role &42 is now a host."
    zone, channels, overrides, *_ = await snapshot(dashboard)
    assert zone == "Europe/Berlin"
    assert ("hosts", "hosts") in channels
    assert ("hana", 2) in overrides  # Level.MODERATOR
    shown = await chat(dashboard, "@ada: /setup show")
    assert "Time zone: Europe/Berlin" in shown
    assert "hosts channel: #hosts" in shown
    assert "@hana → moderator" in shown
    assert "Roles: &42 → host" in shown
    before = await chat(dashboard, "@bob: /mod warn @hana be kind")  # bob is still a member
    assert "needs the moderator level" in before
    answer = await chat(dashboard, "@hana: /mod warn @bob be kind")  # hana moderates now
    assert "warned you" in answer
    assert "needs the moderator level" not in answer


async def test_breaks_welcome_and_guidelines_as_the_commands_make_them(
    dashboard: Served, browser: Browser
) -> None:
    await browser.sign_in("ada")
    csrf = await browser.csrf()
    status, body = await post(browser, csrf, action="break", starts="2026-12-21", ends="2027-01-03")
    assert status == 303
    assert said(body).startswith("Break set: ")
    dates = said(body).removeprefix("Break set: ").split(". ")[0]
    assert f"<li>{dates}" in body  # listed on the page
    assert f"- {dates}" in await chat(dashboard, "@ada: /setup breaks")
    status, body = await post(browser, csrf, action="unbreak", starts="2026-12-21")
    assert said(body).startswith("Break removed: ")
    assert "No breaks are set" in await chat(dashboard, "@ada: /setup breaks")

    status, body = await post(browser, csrf, action="welcome", text="Hi {member}, <b>welcome</b>!")
    assert said(body).startswith("The welcome is changed. A new member will read:")
    assert "&lt;b&gt;welcome&lt;/b&gt;" in body  # escaped, never markup
    assert "Hi {member}, <b>welcome</b>!" in await chat(dashboard, "@ada: /setup show")
    status, body = await post(browser, csrf, action="welcome", text="reset")
    assert said(body).startswith("The welcome is back to the default.")
    assert "Welcome text (the default" in await chat(dashboard, "@ada: /setup show")

    status, body = await post(
        browser, csrf, action="guidelines", rules="Be kind.\n- Stay on topic."
    )
    assert said(body).startswith("Guidelines replaced (2 rules).")
    status, body = await post(browser, csrf, action="rule-add", rule="No spam @everyone")
    assert said(body) == "Added rule 3."
    status, body = await post(browser, csrf, action="rule-remove", number="1")
    assert said(body) == "Removed rule 1: Be kind."
    rules = await chat(dashboard, "@bob: /guidelines")
    assert "1. Stay on topic.\n2. No spam @everyone" in rules


@pytest.mark.parametrize(
    ("form", "reason"),
    [
        ({"action": "timezone", "zone": "Europe/Berln"}, "is not a time zone I know"),
        ({"action": "channel", "purpose": "hosts", "channel": "hosts"}, "must name a channel"),
        ({"action": "channel", "purpose": "lobby", "channel": "#hosts"}, "must be one of"),
        ({"action": "role", "level": "admin", "who": "@hana"}, "must be one of"),
        ({"action": "role", "level": "host", "who": "hana"}, "must name a role or a member"),
        ({"action": "role", "level": "host", "who": "@nobody"}, ""),
        ({"action": "break", "starts": "21/12/2026", "ends": "2027-01-03"}, "YYYY-MM-DD"),
        ({"action": "break", "starts": "2026-02-30", "ends": "2026-03-03"}, "not a date"),
        ({"action": "break", "starts": "2027-01-03", "ends": "2026-12-21"}, ""),
        ({"action": "unbreak", "starts": "2026-12-21"}, ""),
        ({"action": "welcome", "text": "  "}, "the box was empty"),
        ({"action": "guidelines", "rules": "\n-\n"}, "at least one rule"),
        ({"action": "rule-add", "rule": " "}, "cannot be empty"),
        ({"action": "rule-remove", "number": "9"}, ""),
        ({"action": "rule-remove", "number": "one"}, "whole number"),
    ],
    ids=lambda value: (
        value.get("action", "") + ":" + "|".join(value.values()) if isinstance(value, dict) else ""
    ),
)
async def test_bad_input_is_a_400_with_the_reason_and_changes_nothing(
    dashboard: Served, browser: Browser, form: dict[str, str], reason: str
) -> None:
    await browser.sign_in("ada")
    await chat(dashboard, "@ada: /guidelines set Be kind.")
    csrf = await browser.csrf()
    before = await snapshot(dashboard)
    status, body = await post(browser, csrf, **form)
    assert status == 400
    assert reason in said(body)
    assert 'role="alert"' in body
    assert await snapshot(dashboard) == before


async def test_an_unknown_action_is_refused(dashboard: Served, browser: Browser) -> None:
    await browser.sign_in("ada")
    status, _ = await post(browser, await browser.csrf(), action="rename")
    assert status == 400
