"""`cohort` as a real process serves the dashboard: the console at its prompt (on a free port
when COHORT_WEB_PORT is taken), never for a `--script`, and `cohort run` when COHORT_WEB_URL is
set, refusing other Host headers."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp

from tests.adapters.slack.fake_slack import FakeSlack
from tests.core.cli_support import cohort_environment, run_cohort, start_cohort

CONSOLE_ADDRESS = re.compile(rb"The dashboard: (http://127\.0\.0\.1:(\d+)/dashboard/)")
RUN_ADDRESS = re.compile(rb"serving the dashboard at (\S+)/dashboard")


@contextmanager
def taken_port() -> Iterator[int]:
    """A port some other program listens on, for as long as the block runs."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _console_reading_a_pipe(workdir: Path, **settings: str) -> asyncio.subprocess.Process:
    """Start `cohort console` reading its standard input from a pipe that stays open."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "console",
        cwd=workdir,
        env=cohort_environment(workdir, **settings),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _line_matching(stream: asyncio.StreamReader, pattern: re.Pattern[bytes]) -> re.Match:
    while line := await stream.readline():
        if found := pattern.search(line):
            return found
    raise AssertionError("cohort ended without the line")


async def _status(url: str, host: str | None = None) -> tuple[int, str]:
    headers = {"Host": host} if host else {}
    async with (
        aiohttp.ClientSession() as session,
        session.get(url, headers=headers, allow_redirects=False) as response,
    ):
        return response.status, await response.text()


async def test_the_console_prompt_serves_the_dashboard_on_a_free_port_when_its_own_is_taken(
    tmp_path: Path,
) -> None:
    with taken_port() as taken:
        process = await _console_reading_a_pipe(tmp_path, COHORT_WEB_PORT=str(taken))
        try:
            assert process.stderr is not None
            found = await asyncio.wait_for(_line_matching(process.stderr, CONSOLE_ADDRESS), 60)
            address, port = found.group(1).decode(), int(found.group(2))
            status, _body = await _status(address)
            refused, _ = await _status(address, host=f"attacker.example:{port}")
        finally:
            await asyncio.wait_for(process.communicate(b""), 60)  # end of input: it stops
    assert process.returncode == 0
    assert port != taken
    assert status == 401  # the dashboard's own answer to someone not signed in
    assert refused == 421


def test_a_console_script_serves_no_dashboard(tmp_path: Path) -> None:
    script = tmp_path / "hello.cohort"
    script.write_text("@alice: /help\n")
    with taken_port() as taken:
        finished = run_cohort(
            tmp_path, "console", "--script", str(script), COHORT_WEB_PORT=str(taken)
        )
    assert finished.returncode == 0, finished.stderr
    assert "The dashboard" not in finished.stderr


def test_a_console_with_an_address_stops_with_the_reason_when_its_port_is_taken(
    tmp_path: Path,
) -> None:
    with taken_port() as taken:
        finished = run_cohort(
            tmp_path,
            "console",
            stdin="",
            COHORT_WEB_PORT=str(taken),
            COHORT_WEB_URL="https://cohort.example.org",
        )
    assert finished.returncode != 0
    assert f"127.0.0.1:{taken}" in finished.stderr


async def test_cohort_run_serves_the_dashboard_at_its_address_and_refuses_other_hosts(
    tmp_path: Path,
) -> None:
    port = free_port()
    async with FakeSlack() as fake:
        process = await start_cohort(
            tmp_path,
            "run",
            SLACK_BOT_TOKEN=fake.bot_token,
            SLACK_APP_TOKEN=fake.app_token,
            SLACK_API_URL=fake.api_url,
            COHORT_WEB_URL=f"http://127.0.0.1:{port}",
            COHORT_WEB_PORT=str(port),
            COHORT_LOG_LEVEL="INFO",
        )
        try:
            assert process.stderr is not None
            found = await asyncio.wait_for(_line_matching(process.stderr, RUN_ADDRESS), 60)
            page = f"{found.group(1).decode()}/dashboard/"
            status, _body = await _status(page)
            refused, _ = await _status(page, host="rebound.example")
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.communicate(), 60)
    assert found.group(1).decode() == f"http://127.0.0.1:{port}"
    assert status == 401
    assert refused == 421
    assert process.returncode == 0
