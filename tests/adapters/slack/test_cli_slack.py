"""`cohort run` on Slack as a real process against the fake Slack."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.core.cli_support import start_cohort


async def test_cohort_run_serves_slack_in_socket_mode_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    async with FakeSlack() as fake:
        process = await start_cohort(
            tmp_path,
            "run",
            SLACK_BOT_TOKEN=fake.bot_token,
            SLACK_APP_TOKEN=fake.app_token,
            SLACK_API_URL=fake.api_url,
        )
        try:
            await asyncio.wait_for(fake.wait_until_connected(), 60)
            body = await SlackDriver(fake, None).command("alice", "", command="/help")
            answer = await fake.wait_for_call("response_url")
        finally:
            process.send_signal(signal.SIGTERM)
            _out, err = await asyncio.wait_for(process.communicate(), 60)
    assert answer.arguments["response_token"] == body["response_url"].rsplit("/", 1)[1]
    assert "/guidelines" in answer.arguments["text"]
    assert process.returncode == 0, err.decode()
    for secret in (fake.bot_token, fake.app_token):
        assert secret not in err.decode()


async def test_a_refused_app_token_stops_run_with_one_clear_line(tmp_path: Path) -> None:
    async with FakeSlack() as fake:
        process = await start_cohort(
            tmp_path,
            "run",
            SLACK_BOT_TOKEN=fake.bot_token,
            SLACK_APP_TOKEN="xapp-wrong",
            SLACK_API_URL=fake.api_url,
        )
        _out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert "Socket Mode" in err.decode()
    assert "xapp-wrong" not in err.decode()
