"""Real `cohort run` processes for the scale benchmark: HTTP mode, one app in many workspaces."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.adapters.slack.fake_slack import FakeSlack
from tests.core.cli_support import cohort_environment

READY_SECONDS = 300


@dataclass
class Running:
    """One `cohort run` process and the URL of its `/slack/events`."""

    process: asyncio.subprocess.Process
    events_url: str
    log: Path


def free_port() -> int:
    """Return a port nothing listens on now (the process binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start(count: int, workdir: Path, database_url: str, fake: FakeSlack) -> list[Running]:
    """Start `count` processes on one database, each listening on its own port."""
    started = []
    for number in range(count):
        port = free_port()
        log = workdir / f"cohort-{number}.log"
        with log.open("wb") as output:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=workdir,
                env=cohort_environment(
                    workdir,
                    COHORT_DATABASE_URL=database_url,
                    COHORT_LOG_LEVEL="WARNING",
                    SLACK_CLIENT_ID=fake.client_id,
                    SLACK_CLIENT_SECRET=fake.client_secret,
                    SLACK_SIGNING_SECRET=fake.signing_secret,
                    SLACK_MODE="http",
                    SLACK_HOST="127.0.0.1",
                    SLACK_PORT=str(port),
                    SLACK_API_URL=fake.api_url,
                ),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=output,
            )
        started.append(Running(process, f"http://127.0.0.1:{port}/slack/events", log))
    return started


async def until_listening(running: list[Running]) -> float:
    """Wait until every process accepts connections (its schedules are armed by then).

    Return the seconds waited; raise if one exits or takes over READY_SECONDS."""
    began = time.monotonic()
    for each in running:
        port = int(each.events_url.split(":")[2].split("/")[0])
        while not await _accepts(port):
            if each.process.returncode is not None:
                raise RuntimeError(f"cohort run exited: {each.log.read_text()[-2000:]}")
            if time.monotonic() - began > READY_SECONDS:
                raise TimeoutError(f"cohort run did not listen within {READY_SECONDS} s")
            await asyncio.sleep(0.2)
    return time.monotonic() - began


async def _accepts(port: int) -> bool:
    try:
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    writer.close()
    await writer.wait_closed()
    return True


async def stop(running: list[Running]) -> list[str]:
    """Stop every process with SIGTERM (buffered activity is flushed); return problems logged."""
    for each in running:
        if each.process.returncode is None:
            each.process.send_signal(signal.SIGTERM)
    problems = []
    for each in running:
        await asyncio.wait_for(each.process.wait(), READY_SECONDS)
        lines = each.log.read_text(errors="replace").splitlines()
        errors = [line for line in lines if " ERROR " in line or line.startswith("sqlalchemy.exc")]
        if each.process.returncode != 0 or errors:
            last = errors[-1][-300:] if errors else (lines[-1] if lines else "")
            problems.append(
                f"{each.log.name}: exit {each.process.returncode}, {len(errors)} error lines, "
                f"the last: {last}"
            )
    return problems
