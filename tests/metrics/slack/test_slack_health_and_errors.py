"""Slack through the real slack-bolt and slack-sdk against the fake: /healthz follows the
connection in both modes, and failed and retried Web API calls are counted."""

from __future__ import annotations

import pytest

from adapters.slack.serve import connected_slack
from bot.app import App
from bot.errors import PlatformError
from bot.events import MessagePosted
from bot.messages import OutboundMessage
from bot.metrics import Health
from bot.refs import ChannelRef
from tests.adapters.handled import handled_after_the_core
from tests.adapters.slack.conftest import slack_settings
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.payloads import message_event
from tests.metrics.served import served
from tests.web.support import get, scraped


class RecordingHealth(Health):
    """Health that also keeps every report, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.reports: list[str] = []

    def connected(self, platform: str) -> None:
        self.reports.append(f"{platform} connected")
        super().connected(platform)

    def disconnected(self, platform: str) -> None:
        self.reports.append(f"{platform} disconnected")
        super().disconnected(platform)


async def _round_trip(app: App, driver: SlackDriver, fake: FakeSlack, text: str) -> None:
    """Send a message event and wait until the core handled it (the hello came before it)."""
    posted = handled_after_the_core(app, MessagePosted)
    await driver.event(message_event(fake, "admin", text)[0])
    assert (await posted.get()).text == text


async def test_http_mode_is_healthy_while_its_listener_is_up(app: App, fake: FakeSlack) -> None:
    async with served(app, "slack") as port:
        assert (await get(port, "/healthz"))[0] == 503
        async with connected_slack(app, slack_settings(fake, "http")):
            status, _, body = await get(port, "/healthz")
            assert (status, body) == (200, "process: up\nslack: connected\n")
        status, _, body = await get(port, "/healthz")
        assert (status, body) == (503, "process: up\nslack: disconnected\n")


async def test_socket_mode_reports_each_hello_and_each_close(app: App, fake: FakeSlack) -> None:
    app.health = recording = RecordingHealth()
    recording.up()  # as the started app's own health is
    async with served(app, "slack") as port:
        assert (await get(port, "/healthz"))[0] == 503
        async with connected_slack(app, slack_settings(fake, "socket")) as runtime:
            driver = SlackDriver(fake, runtime.http_url)
            await fake.wait_until_connected()
            await _round_trip(app, driver, fake, "first")
            assert (await get(port, "/healthz"))[0] == 200

            await fake.drop_connection()
            await fake.wait_until_connected()  # slack-sdk reconnected by itself
            await _round_trip(app, driver, fake, "after the reconnection")
            assert (await get(port, "/healthz"))[0] == 200
    assert recording.reports == ["slack connected", "slack disconnected", "slack connected"]


async def test_a_failed_call_is_counted_by_kind_and_a_rate_limit_as_a_retry(
    app: App, fake: FakeSlack
) -> None:
    general = ChannelRef("slack", fake.workspace.general)
    async with (
        served(app, "slack") as port,
        connected_slack(app, slack_settings(fake, "socket")) as runtime,
    ):
        fake.fail_next("chat.postMessage", status=400)
        with pytest.raises(PlatformError):
            await runtime.platform.post(general, OutboundMessage("refused"))
        errors = await scraped(  # the fake answers `fatal_error`: Slack's own failure
            port, "cohort_platform_errors_total", platform="slack", kind="server_error"
        )
        assert errors == 1

        fake.fail_next("chat.postMessage", status=429)
        await runtime.platform.post(general, OutboundMessage("after a wait"))  # retried
        assert await scraped(port, "cohort_platform_retries_total", platform="slack") == 1
        limited = await scraped(
            port, "cohort_platform_errors_total", platform="slack", kind="rate_limited"
        )
        assert limited is None
