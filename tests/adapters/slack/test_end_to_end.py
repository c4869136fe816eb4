"""The real slack-bolt, started through Cohort's own Slack start-up path, on a fake Slack.

Most tests run in both modes: Socket Mode (envelopes over the fake's websocket) and HTTP mode
(signed POSTs to /slack/events).
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from adapters.slack.inbound import REPORT_CALLBACK
from adapters.slack.serve import SlackRuntime, connected_slack
from bot.app import App
from bot.messages import OutboundMessage
from bot.refs import ChannelRef, CommunityRef
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to, slack_settings
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def test_a_slash_command_is_answered_privately(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    body = await driver.command("alice", "timezone asia/tokyo", command="/profile")
    answer = await response_to(fake, body)
    assert answer["response_type"] == "ephemeral"
    assert "Asia/Tokyo" in answer["text"]
    wrong = await driver.command("alice", "timezone Mars/Olympus", command="/profile")
    assert "is not a time zone I know" in (await response_to(fake, wrong))["text"]


async def test_a_member_slack_knows_gets_a_level_before_they_post(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    zoe = fake.workspace.add_user("zoe")  # in the workspace, never seen by Cohort
    body = await driver.command("admin", f"role moderator <@{zoe}|zoe>", command="/setup")
    assert (await response_to(fake, body))["text"] == f"<@{zoe}> is now a moderator."
    shown = await response_to(fake, await driver.command("admin", "show", command="/setup"))
    assert f"Members: <@{zoe}> → moderator" in shown["text"]


async def test_a_button_press_runs_its_handler(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    body = await driver.command("alice", "forget", command="/profile")
    asked = await response_to(fake, body)
    keep = next(
        element["action_id"]
        for block in asked["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["text"]["text"] == "Keep my data"
    )
    shown = fake.workspace.store(fake.workspace.general, "UBOT", asked["text"], by_bot=True)
    press = payloads.button_press(fake, "alice", shown, keep)
    await driver.interactive(press)
    assert (await response_to(fake, press))["text"] == "Nothing was deleted."


async def test_a_form_opens_and_its_submission_is_saved(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    admin = "admin"
    await driver.command(admin, "set", command="/guidelines")
    opened = await fake.wait_for_call("views.open")
    view = opened.arguments["view"]
    assert view["callback_id"] == "guidelines:set"
    submitted = payloads.view_submission(fake, admin, view, {"rules": "Be kind\nAsk questions"})
    await driver.interactive(submitted)
    answer = await fake.wait_for_call("chat.postEphemeral")
    assert "Guidelines replaced (2 rules)" in answer.arguments["text"]
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    assert await app.services.guidelines.rules(community_id) == ["Be kind", "Ask questions"]


async def test_the_report_shortcut_without_a_mod_queue_gets_a_clear_answer(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    _event, rude = payloads.message_event(fake, "carl", "something rude")
    shortcut = payloads.report_shortcut(fake, "bob", rude, REPORT_CALLBACK)
    await driver.interactive(shortcut)
    answer = await response_to(fake, shortcut)
    assert answer["response_type"] == "ephemeral"
    assert "Reports go to the moderators' queue, and none is set up yet" in answer["text"]


async def test_joins_and_messages_reach_the_core_with_the_slack_time_zone(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    await driver.event(payloads.team_join(fake, "dana"))
    event, _stored = payloads.message_event(fake, "dana", "hello everyone")
    await driver.event(event)
    body = await driver.command("dana", "", command="/profile")  # answered after both events
    await response_to(fake, body)
    await asyncio.sleep(0)
    await app.services.activity.flush()
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    member_id = await app.services.members.find_id(community_id, fake.workspace.user_id("dana"))
    profile = await app.services.members.profile(member_id)
    assert profile.joined_at is not None
    assert profile.timezone == "Europe/Berlin"  # from users.info, since dana set none


async def test_a_rate_limited_call_is_retried(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    runtime, _driver = running
    fake.fail_next("chat.postMessage", status=429)
    general = ChannelRef("slack", fake.workspace.general)
    sent = await runtime.platform.post(general, OutboundMessage("Hi all"))
    posts = [call for call in fake.calls if call.method == "chat.postMessage"]
    assert [call.ok for call in posts] == [False, True]
    assert fake.workspace.live(general.id, sent.id) is not None


async def test_http_mode_refuses_bad_signatures_and_stale_requests(
    app: App, fake: FakeSlack
) -> None:
    async with connected_slack(app, slack_settings(fake, "http")) as runtime:
        driver = SlackDriver(fake, runtime.http_url)
        body = urlencode(fake.slash_command_body("alice", "", command="/help"))
        form = "application/x-www-form-urlencoded"
        assert await driver.post(body, form, secret="not-the-secret") == 401
        assert await driver.post(body, form, age=10 * 60) == 401
        assert await driver.post(body, form) == 200
        await fake.wait_for_call("response_url")
    assert [call.method for call in fake.calls].count("response_url") == 1


async def test_a_command_prefix_renames_every_command(app: App, fake: FakeSlack) -> None:
    prefixed = slack_settings(fake, "socket", slack_command_prefix="cohort-")
    async with connected_slack(app, prefixed):
        await fake.wait_until_connected()
        driver = SlackDriver(fake, None)
        body = await driver.command("alice", "", command="/cohort-help")
        answer = await response_to(fake, body)
    assert "/guidelines" in answer["text"]


async def test_a_dropped_socket_mode_connection_is_opened_again(app: App, fake: FakeSlack) -> None:
    async with connected_slack(app, slack_settings(fake, "socket")):
        await fake.wait_until_connected()
        opened = len([call for call in fake.calls if call.method == "apps.connections.open"])
        await fake.drop_connection()
        await fake.wait_until_connected()
        body = await SlackDriver(fake, None).command("alice", "", command="/guidelines")
        answer = await response_to(fake, body)
    assert "no written guidelines yet" in answer["text"]
    reopened = [call for call in fake.calls if call.method == "apps.connections.open"]
    assert len(reopened) > opened  # a fresh URL was asked for, as Slack wants after a drop
