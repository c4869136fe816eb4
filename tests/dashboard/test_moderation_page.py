"""The Moderation page on the console community, on both databases: the flag queue with the
card's actions (through `FlagQueue.press`: the card is edited, the case logged and posted to the
mod log), the case log a page at a time, the filters and blocking a term, and what is refused:
hosts, a missing CSRF token, another community's flag, an unknown action."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select

from adapters.console.session import COMMUNITY
from bot.moderation.reasons import render
from bot.refs import CommunityRef
from bot.storage.models import ModCase, ModFlag
from tests.dashboard.support import Browser, Served

PAGE = "/dashboard/moderation"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
SET_UP = (
    "@ada: /setup channel modqueue #modqueue",
    "@ada: /setup channel modlog #modlog",
    "@carl joins",
)


async def _flagged(dashboard: Served, text: str = "you are all idiots") -> tuple[int, str]:
    """Have carl post `text` and bob report it; return the flag's id and its card's id."""
    console = dashboard.console
    assert console is not None
    for line in SET_UP:
        await console.say(line)
    await console.say(f"@carl: {text}")
    records = await console.say("@bob reports last from @carl: rude")
    [card] = [r for r in records if r.kind == "post" and r.to == "#modqueue"]
    async with dashboard.app.database.reading() as connection:
        flag_id = (await connection.execute(select(ModFlag.id))).scalar_one()
    return flag_id, card.id or ""


async def _rows(dashboard: Served, model: Any) -> list[dict[str, Any]]:
    async with dashboard.app.database.reading() as connection:
        result = await connection.execute(select(model).order_by(model.id))
        return [dict(row._mapping) for row in result]


async def _csrf(browser: Browser) -> str:
    _, body, _ = await browser.get(PAGE)
    found = CSRF.search(body)
    assert found is not None, body
    return found.group(1)


async def test_a_moderator_warns_from_the_page_and_the_card_is_spent(
    dashboard: Served, browser: Browser
) -> None:
    flag_id, card_id = await _flagged(dashboard, "<script>alert(1)</script> idiots")
    await browser.sign_in("mo")
    status, body, _ = await browser.get(PAGE)
    assert status == 200
    assert "Open flags (1)" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; idiots" in body
    assert "<script>" not in body
    shown = re.findall(r'name="choice" value="(\w+)"', body)
    assert shown == ["dismiss", "delete", "warn", "timeout", "kick", "ban"]

    answer = await browser.post(
        PAGE, {"csrf": await _csrf(browser), "flag": str(flag_id), "choice": "warn"}
    )

    status, _, headers = answer
    assert (status, headers["Location"]) == (303, f"{PAGE}?handled={flag_id}")
    [flag] = await _rows(dashboard, ModFlag)
    assert flag["outcome"] == "warn"
    assert flag["handled_at"] is not None
    [case] = await _rows(dashboard, ModCase)
    assert (case["kind"], render(case["reason"])) == ("warn", "Reported message: rude")
    world = dashboard.console.world  # type: ignore[union-attr]
    card = world.messages[card_id]
    assert "Warned by @mo." in card.text
    assert card.buttons == ()
    logged = [m for m in world.messages.values() if m.channel_id == "modlog"]
    assert [m.text for m in logged] == [f"Case {case['id']}: warned @carl"]
    status, body, _ = await browser.get(headers["Location"])
    assert f"Flag {flag_id}: Warned. The card on the platform says so." in body
    assert "Open flags (0)" in body
    assert "Case log (1 case)" in body
    assert "<td>warned</td>" in body


async def test_a_flag_pressed_on_the_card_first_is_not_acted_on_twice(
    dashboard: Served, browser: Browser
) -> None:
    flag_id, card_id = await _flagged(dashboard)
    await browser.sign_in("ada")
    csrf = await _csrf(browser)
    await dashboard.console.say(f'@mo presses "Dismiss" on {card_id}')  # type: ignore[union-attr]

    status, _, headers = await browser.post(
        PAGE, {"csrf": csrf, "flag": str(flag_id), "choice": "ban"}
    )

    assert status == 303
    _, body, _ = await browser.get(headers["Location"])
    assert f"Flag {flag_id} was already handled: Dismissed by mo." in body
    assert await _rows(dashboard, ModCase) == []
    assert not dashboard.console.world.members["carl"].banned  # type: ignore[union-attr]


async def test_what_is_refused_changes_nothing(dashboard: Served, browser: Browser) -> None:
    flag_id, card_id = await _flagged(dashboard)
    app = dashboard.app
    other = await app.services.communities.ensure(CommunityRef("console", "elsewhere"))
    async with app.database.writing() as connection:
        theirs = (
            await connection.execute(
                insert(ModFlag)
                .values(community_id=other, source="filter", created_at=datetime.now(UTC))
                .returning(ModFlag.id)
            )
        ).scalar_one()
    await browser.sign_in("mo")
    csrf = await _csrf(browser)
    form = {"csrf": csrf, "flag": str(flag_id), "choice": "kick"}
    assert (await browser.post(PAGE, {**form, "csrf": ""}))[0] == 403
    assert (await browser.post(PAGE, {**form, "flag": str(theirs)}))[0] == 404
    assert (await browser.get(f"{PAGE}?handled={theirs}"))[0] == 404
    status, body, _ = await browser.post(PAGE, {**form, "choice": "explode"})
    assert status == 400
    assert "Choose one of the actions shown" in body
    host = Browser(dashboard)
    try:
        await host.sign_in("hana")
        _, overview, _ = await host.get("/dashboard/")
        assert "Moderation" not in overview  # not in a host's navigation
        found = CSRF.search(overview)
        assert found is not None
        status, body, _ = await host.post(PAGE, {**form, "csrf": found.group(1)})
        assert status == 403
        assert "moderator" in body
    finally:
        await host.close()
    assert [f["handled_at"] for f in await _rows(dashboard, ModFlag)] == [None, None]
    assert await _rows(dashboard, ModCase) == []
    world = dashboard.console.world  # type: ignore[union-attr]
    assert world.messages[card_id].buttons
    assert world.members["carl"].present


async def test_the_case_log_pages_newest_first(dashboard: Served, browser: Browser) -> None:
    console = dashboard.console
    assert console is not None
    await console.say("@carl joins")
    for number in range(1, 28):
        await console.say(f"@mo: /mod note @carl note {number}")
    await browser.sign_in("mo")
    _, first, _ = await browser.get(PAGE)
    assert "Case log (27 cases)" in first
    assert re.findall(r"<td>note (\d+)</td>", first) == [str(n) for n in range(27, 2, -1)]
    assert "Page 1 of 2" in first
    following = re.search(r'href="([^"]*cases=2[^"]*)"', first)
    assert following is not None
    _, second, _ = await browser.get(following.group(1).replace("&amp;", "&"))
    assert re.findall(r"<td>note (\d+)</td>", second) == ["2", "1"]
    for nonsense in ("0", "-1", "x", "１"):
        _, shown, _ = await browser.get(f"{PAGE}?cases={nonsense}")
        assert "Page 1 of 2" in shown, nonsense


async def test_a_term_is_blocked_and_unblocked_as_automod_does(
    dashboard: Served, browser: Browser
) -> None:
    await browser.sign_in("mo")
    csrf = await _csrf(browser)
    path = f"{PAGE}/filters"
    status, _, headers = await browser.post(path, {"csrf": csrf, "term": "Spam", "op": "block"})
    assert (status, headers["Location"]) == (303, f"{PAGE}?done=blocked#filters")
    community_id = await dashboard.app.services.communities.ensure(COMMUNITY)
    rules = await dashboard.app.services.automod.rules(community_id)
    assert rules.terms == ("spam",)
    _, body, _ = await browser.get(headers["Location"])
    assert "<li>spam</li>" in body
    assert "The term is blocked" in body
    status, body, _ = await browser.post(path, {"csrf": csrf, "term": "spam", "op": "block"})
    assert status == 400
    assert "already blocked" in body
    status, body, _ = await browser.post(path, {"csrf": csrf, "term": "  ", "op": "block"})
    assert status == 400
    assert "Nothing was changed" in body
    status, body, _ = await browser.post(path, {"csrf": csrf, "term": "eggs", "op": "drop"})
    assert status == 400
    assert (await dashboard.app.services.automod.rules(community_id)).terms == ("spam",)
    status, _, _ = await browser.post(path, {"csrf": csrf, "term": "spam", "op": "unblock"})
    assert status == 303
    assert (await dashboard.app.services.automod.rules(community_id)).terms == ()
