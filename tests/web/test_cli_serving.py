"""`cohort run` as a real process serves /healthz and /metrics when COHORT_HTTP_PORT is set."""

from __future__ import annotations

import asyncio
import re
import signal
from pathlib import Path

from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.core.cli_support import start_cohort
from tests.web.support import get, sample

LISTENING = re.compile(rb"serving /healthz and /metrics on 127\.0\.0\.1:(\d+)")


async def _bound_port(stderr: asyncio.StreamReader) -> int:
    """Read the log until the line naming the port the system picked (port 0)."""
    while line := await stderr.readline():
        found = LISTENING.search(line)
        if found:
            return int(found.group(1))
    raise AssertionError("cohort ended without serving")


async def test_cohort_run_serves_health_and_metrics_on_the_configured_port(
    tmp_path: Path,
) -> None:
    async with FakeSlack() as fake:
        process = await start_cohort(
            tmp_path,
            "run",
            SLACK_BOT_TOKEN=fake.bot_token,
            SLACK_APP_TOKEN=fake.app_token,
            SLACK_API_URL=fake.api_url,
            COHORT_HTTP_PORT="0",
            COHORT_LOG_LEVEL="INFO",
        )
        try:
            assert process.stderr is not None
            port = await asyncio.wait_for(_bound_port(process.stderr), 60)
            await asyncio.wait_for(fake.wait_until_connected(), 60)
            await SlackDriver(fake, None).command("alice", "", command="/help")
            await fake.wait_for_call("response_url")  # after Slack's hello was handled
            health = await get(port, "/healthz")
            _, _, exposition = await get(port, "/metrics")
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.communicate(), 60)
    assert health == (200, "text/plain; charset=utf-8", "process: up\nslack: connected\n")
    assert sample(exposition, "cohort_events_total", type="CommandInvoked") == 1
    assert process.returncode == 0
