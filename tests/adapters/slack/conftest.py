"""Fixtures for the Slack tests: a fake Slack, and Cohort's Slack app connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from adapters.slack.serve import SlackRuntime, connected_slack
from adapters.slack.settings import SlackSettings
from bot.app import App
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    """A fake Slack workspace (#general, an admin) on a free port."""
    async with FakeSlack() as server:
        yield server


def slack_settings(fake: FakeSlack, mode: str, **extra: Any) -> SlackSettings:
    """Slack settings that point Cohort at the fake in `mode`."""
    return SlackSettings(_env_file=None).model_copy(  # type: ignore[call-arg]
        update={
            "slack_bot_token": SecretStr(fake.bot_token),
            "slack_app_token": SecretStr(fake.app_token),
            "slack_signing_secret": SecretStr(fake.signing_secret),
            "slack_api_url": fake.api_url,
            "slack_mode": mode,
            "slack_host": "127.0.0.1",
            "slack_port": 0,
            **extra,
        }
    )


@pytest.fixture(params=["socket", "http"])
async def running(
    request: pytest.FixtureRequest, app: App, fake: FakeSlack
) -> AsyncIterator[tuple[SlackRuntime, SlackDriver]]:
    """Cohort's Slack app connected to the fake, and a driver speaking its mode."""
    async with connected_slack(app, slack_settings(fake, request.param)) as runtime:
        if runtime.http_url is None:
            await fake.wait_until_connected()
        yield runtime, SlackDriver(fake, runtime.http_url)


async def response_to(fake: FakeSlack, body: dict[str, str]) -> dict[str, Any]:
    """Return what the app posted to the response URL of `body`."""
    token = body["response_url"].rsplit("/", 1)[1]
    while True:
        seen = len(fake.calls)
        for call in fake.calls:
            if call.method == "response_url" and call.arguments["response_token"] == token:
                return call.arguments
        await fake.wait_for_call("response_url", after=seen)
