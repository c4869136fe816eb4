"""HTTP mode at the door: forged requests get 401 unread, malformed ones 400 and one warning.

Nothing a request like these carries reaches bolt or the core: no Web API call, no community,
no traceback in the log.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from adapters.slack.serve import connected_slack
from bot.app import App
from bot.storage.models import Community
from tests.adapters.slack.conftest import slack_settings
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
NOW = "now"

MALFORMED = {
    "bad JSON": (b'{"type": "event_callback", "event": {', JSON, NOW),
    "invalid UTF-8": (b'{"type": "event_callback", "event_id": "Ev\xff\xfe"}', JSON, NOW),
    "a JSON list": (b'["event_callback"]', JSON, NOW),
    "a payload that is not JSON": (b"payload=%7Bnot+json", FORM, NOW),
    "a payload that is a JSON string": (b"payload=%22block_actions%22", FORM, NOW),
    "a non-numeric timestamp": (b'{"type": "event_callback"}', JSON, "soon"),
    "a 400-digit timestamp": (b'{"type": "event_callback"}', JSON, "9" * 400),
}


@pytest.fixture
async def driver(app: App, fake: FakeSlack) -> AsyncIterator[SlackDriver]:
    """A driver for Cohort's Slack app in HTTP mode."""
    async with connected_slack(app, slack_settings(fake, "http")) as runtime:
        yield SlackDriver(fake, runtime.http_url)


async def _nothing_changed(app: App, fake: FakeSlack) -> None:
    assert fake.calls == []
    async with app.database.reading() as connection:
        communities = await connection.execute(select(func.count()).select_from(Community))
    assert communities.scalar_one() == 0


@pytest.mark.parametrize("case", list(MALFORMED))
async def test_a_malformed_request_gets_400_and_one_warning(
    driver: SlackDriver,
    app: App,
    fake: FakeSlack,
    case: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    body, content_type, timestamp = MALFORMED[case]
    caplog.set_level(logging.INFO)
    signed_at = None if timestamp == NOW else timestamp

    assert await driver.post(body, content_type, timestamp=signed_at) == 400

    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.levelno for r in warnings] == [logging.WARNING], caplog.text
    assert warnings[0].exc_info is None
    assert "Traceback" not in caplog.text
    await _nothing_changed(app, fake)


async def test_a_forged_signature_gets_401_before_the_body_is_read(
    driver: SlackDriver, app: App, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    forged = b'{"type": "event_callback", "event": {'  # malformed too: not parsed, so no 400
    assert await driver.post(forged, JSON, secret="not-the-secret") == 401
    unsigned = await driver.post(b"payload=%7B%7D", FORM, headers={"X-Slack-Signature": ""})
    assert unsigned == 401
    assert "Traceback" not in caplog.text
    await _nothing_changed(app, fake)
