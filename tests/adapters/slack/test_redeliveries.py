"""What Slack sends again is acknowledged but acted on once; other workspaces are ignored.

Slack retries an HTTP event it thinks was lost (`X-Slack-Retry-Num`), redelivers a Socket Mode
envelope whose ack never arrived (same `envelope_id`, `retry_attempt` > 0), and a captured
signed request can be replayed. Each runs through the real bolt app against the fake Slack.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select

from adapters.slack.serve import SlackRuntime, connected_slack
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.events import MemberJoined, MessagePosted
from bot.refs import CommunityRef
from bot.settings import Settings
from bot.storage.models import Community, DailyActivity, Member
from tests.adapters.handled import handled_after_the_core
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to, slack_settings
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack

FORM = "application/x-www-form-urlencoded"


async def messages_counted(app: App) -> int:
    """Return the messages the activity service has counted (after a flush)."""
    await app.services.activity.flush()
    async with app.database.reading() as connection:
        total = await connection.execute(select(func.sum(DailyActivity.messages)))
    return int(total.scalar_one() or 0)


async def test_the_same_event_three_times_counts_one_message(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    posted = handled_after_the_core(app, MessagePosted)
    event, _stored = payloads.message_event(fake, "dana", "hello")
    body = driver.event_body(event)
    envelope = await driver.deliver("event", body)
    await driver.deliver("event", body, attempt=1, envelope=envelope)
    await driver.deliver("event", body, attempt=2)  # on another socket: a new envelope

    await driver.event(payloads.message_event(fake, "dana", "bye")[0])
    # Redeliveries are turned away before Slack gets its answer; the two posts may finish
    # handling in either order.
    assert sorted([(await posted.get()).text, (await posted.get()).text]) == ["bye", "hello"]
    assert posted.empty()
    assert await messages_counted(app) == 2


async def test_a_retry_of_an_event_never_seen_is_acted_on(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    posted = handled_after_the_core(app, MessagePosted)
    event, _stored = payloads.message_event(fake, "dana", "the first delivery was lost")
    await driver.deliver("event", driver.event_body(event), attempt=1)

    assert (await posted.get()).text == "the first delivery was lost"


async def test_a_command_delivered_three_times_runs_once(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    body = fake.slash_command_body("admin", "add What clicked this week?", command="/topic")
    envelope = await driver.deliver("command", body)
    await driver.deliver("command", body, attempt=1, envelope=envelope)
    await driver.deliver("command", body, attempt=2)  # same trigger_id, another envelope
    assert "What clicked this week?" in (await response_to(fake, body))["text"]

    await response_to(fake, await driver.command("admin", "", command="/help"))
    token = body["response_url"].rsplit("/", 1)[1]
    answers = [c for c in fake.calls if c.arguments.get("response_token") == token]
    assert len(answers) == 1
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    assert len(await app.services.topics.bank(community_id)) == 1


async def test_a_replayed_signed_request_is_refused(app: App, fake: FakeSlack) -> None:
    async with connected_slack(app, slack_settings(fake, "http")) as runtime:
        driver = SlackDriver(fake, runtime.http_url)
        body = fake.slash_command_body("alice", "", command="/help")
        signed_at = fake.now_ts().split(".")[0]
        assert await driver.post(urlencode(body), FORM, timestamp=signed_at) == 200
        assert await driver.post(urlencode(body), FORM, timestamp=signed_at) == 401
        await response_to(fake, body)
        await response_to(fake, await driver.command("alice", "", command="/help"))
    assert [call.method for call in fake.calls].count("response_url") == 2


async def test_a_redelivery_to_another_process_is_not_acted_on_again(
    app: App, settings: Settings, clock: VirtualClock, fake: FakeSlack
) -> None:
    other = build_app(settings, clock)  # a second process on the same database
    await other.start()
    http = slack_settings(fake, "http")
    try:
        async with connected_slack(app, http) as one, connected_slack(other, http) as two:
            first, second = SlackDriver(fake, one.http_url), SlackDriver(fake, two.http_url)
            posted_one = handled_after_the_core(app, MessagePosted)
            posted_two = handled_after_the_core(other, MessagePosted)
            body = first.event_body(payloads.message_event(fake, "dana", "hello")[0])
            await first.deliver("event", body)
            await second.deliver("event", body, attempt=1)
            await second.event(payloads.message_event(fake, "dana", "bye")[0])
            assert (await posted_one.get()).text == "hello"
            assert (await posted_two.get()).text == "bye"
            assert posted_two.empty()
    finally:
        await other.close()


async def _rows(app: App, statement: Any) -> int:
    async with app.database.reading() as connection:
        return int((await connection.execute(statement)).scalar_one())


async def test_an_event_for_another_workspace_is_ignored(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    posted = handled_after_the_core(app, MessagePosted)
    event, _stored = payloads.message_event(fake, "dana", "from elsewhere")
    await driver.deliver("event", driver.event_body({**event, "team": "TOTHER"}, team_id="TOTHER"))
    command = fake.slash_command_body("admin", "add Not ours", command="/topic")
    await driver.deliver("command", command | {"team_id": "TOTHER"})

    await driver.event(payloads.message_event(fake, "dana", "from here")[0])
    assert (await posted.get()).text == "from here"
    assert posted.empty()
    others = select(func.count()).where(Community.external_id == "TOTHER")
    assert await _rows(app, others) == 0


async def test_an_org_wide_install_accepts_its_enterprise_and_ignores_others(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    fake.workspace.enterprise_id = "E0ORG"
    posted = handled_after_the_core(app, MessagePosted)
    event, _stored = payloads.message_event(fake, "dana", "another org")
    foreign = driver.event_body(event, team_id="TOTHER") | {"enterprise_id": "E0ELSE"}
    await driver.deliver("event", foreign)
    event, _stored = payloads.message_event(fake, "dana", "same org, other workspace")
    ours = driver.event_body(event, team_id="TSIBLING") | {"enterprise_id": "E0ORG"}
    await driver.deliver("event", ours)

    assert (await posted.get()).text == "same org, other workspace"
    assert posted.empty()
    assert await _rows(app, select(func.count()).where(Community.external_id == "TOTHER")) == 0


async def test_a_team_join_without_a_user_id_is_ignored(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    joined = handled_after_the_core(app, MemberJoined)
    await driver.event({"type": "team_join", "user": {"name": "ghost"}})
    await driver.event({"type": "team_join"})
    await driver.event(payloads.team_join(fake, "erin"))

    assert (await joined.get()).actor.user.id == fake.workspace.user_id("erin")
    assert joined.empty()
    assert await _rows(app, select(func.count()).select_from(Member)) == 1
    assert not [c for c in fake.calls if c.method == "users.info" and not c.arguments.get("user")]
