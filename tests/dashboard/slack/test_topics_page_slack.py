"""The Topics page on Slack through the real bolt app: approving a suggestion on the dashboard
updates its card in the hosts channel, buttons spent, and tells the suggester by DM, as the
button does; the member's `<!channel>` pings nobody on the way."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.storage.models import Topic
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack, RecordedCall
from tests.dashboard.support import LINK, Browser, served
from tests.moderation.slack.test_moderation_slack import buttons

SUGGESTION = "Pair on katas <!channel>?"
INERT = "Pair on katas @\u2060channel?"
"""How the suggestion reads once the bot repeats it: `blocks.escape` makes the mention text."""


def _texts(value: Any) -> list[str]:
    """Return every string under a `text` key of a Block Kit structure."""
    if isinstance(value, dict):
        found = [value["text"]] if isinstance(value.get("text"), str) else []
        return found + [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def _everything_said(arguments: dict[str, Any]) -> str:
    """Return a message's fallback text and every block's text, joined."""
    return "\n".join([arguments["text"], *_texts(arguments.get("blocks") or [])])


async def _suggest(driver: SlackDriver, fake: FakeSlack, hosts: str) -> RecordedCall:
    """Make #hosts the hosts channel, let alice suggest; return the card's post."""
    set_up = await driver.command("admin", f"channel hosts <#{hosts}|hosts>", command="/setup")
    assert "hosts" in str((await response_to(fake, set_up))["text"])
    seen = len(fake.calls)
    suggested = await driver.command("alice", f"suggest {SUGGESTION}", command="/topic")
    await response_to(fake, suggested)
    card = await fake.wait_for_call("chat.postMessage", after=seen)
    assert card.arguments["channel"] == hosts
    assert set(buttons(card.arguments)) >= {"Approve", "Reject"}
    return card


async def _approve_on_the_page(driver: SlackDriver, fake: FakeSlack, app: App) -> tuple[int, int]:
    """Sign the admin in and approve the one topic; return the HTTP status and the call count
    before the approval."""
    async with served(app, None) as dashboard:
        asked = await driver.command("admin", "", command="/dashboard")
        found = LINK.search(str((await response_to(fake, asked))["text"]))
        assert found is not None
        browser = Browser(dashboard)
        try:
            await browser.sign_in("admin", found.group(1))
            async with app.database.reading() as connection:
                topic_id = (await connection.execute(select(Topic.id))).scalar_one()
            seen = len(fake.calls)
            status, _, _ = await browser.post(
                "/dashboard/topics",
                {"csrf": await browser.csrf(), "action": "approve", "topic": str(topic_id)},
            )
        finally:
            await browser.close()
    return status, seen


async def test_approving_on_the_dashboard_reaches_slack(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    hosts = fake.workspace.add_channel("hosts")
    card = await _suggest(driver, fake, hosts)
    assert "<!channel>" not in _everything_said(card.arguments)
    assert INERT in _everything_said(card.arguments)
    status, seen = await _approve_on_the_page(driver, fake, app)
    assert status == 303
    update = await fake.wait_for_call("chat.update", after=seen)
    assert update.ok
    assert update.arguments["channel"] == hosts
    assert update.arguments["ts"] == card.answer["ts"]
    assert "Topic suggestion approved by <@" in update.arguments["text"]
    assert buttons(update.arguments) == {}
    stored = fake.workspace.live(hosts, card.answer["ts"])
    assert stored is not None
    assert not any(block["type"] == "actions" for block in stored.blocks)
    alice = fake.workspace.user_id("alice")
    dm = await fake.wait_for_call("chat.postMessage", after=seen)
    assert dm.ok
    assert dm.arguments["channel"] == fake.workspace.conversation_for(frozenset({alice}))
    said = _everything_said(dm.arguments)
    assert "approved and joins the topic bank" in said
    assert INERT in said
    for call in fake.calls[seen:]:  # nothing the approval sent pings anyone
        assert "<!channel>" not in str(call.arguments)
