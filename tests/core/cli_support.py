"""Running the real `cohort` command in a subprocess, isolated from the developer's settings."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[2]
COHORT_VARIABLES = (
    "COHORT_DATABASE_URL",
    "COHORT_TIMEZONE",
    "COHORT_LOG_LEVEL",
    "COHORT_ACTIVITY_FLUSH_SECONDS",
    "COHORT_SCHEDULE_LEASE_SECONDS",
    "DISCORD_TOKEN",
    "DISCORD_GUILD_IDS",
    "DISCORD_API_URL",
    "DISCORD_GATEWAY_URL",
    "DISCORD_SHARD_COUNT",
    "DISCORD_SHARD_IDS",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_MODE",
    "SLACK_HOST",
    "SLACK_PORT",
    "SLACK_COMMAND_PREFIX",
    "SLACK_ADMIN_USER_TOKEN",
    "SLACK_API_URL",
)


def cohort_environment(workdir: Path, **settings: str) -> dict[str, str]:
    """Return an environment with only the given Cohort settings, the database in `workdir`."""
    environment = {k: v for k, v in os.environ.items() if k not in COHORT_VARIABLES}
    environment["COHORT_DATABASE_URL"] = f"sqlite+aiosqlite:///{workdir / 'cohort.db'}"
    environment["PYTHONPATH"] = str(REPOSITORY)
    environment.update(settings)
    return environment


def run_cohort(
    workdir: Path, *arguments: str, stdin: str = "", timeout: float = 300, **settings: str
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGUMENTS` in `workdir` (so no stray .env is read).

    The timeout only stops a hang: on a loaded machine (parallel workers) a long script may
    take several times its usual run.
    """
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        cwd=workdir,
        env=cohort_environment(workdir, **settings),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


async def start_cohort(
    workdir: Path, *arguments: str, **settings: str
) -> asyncio.subprocess.Process:
    """Start `python -m bot ARGUMENTS` in `workdir` without waiting; pipes for its output."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *arguments,
        cwd=workdir,
        env=cohort_environment(workdir, **settings),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


def json_lines(output: str) -> list[dict[str, Any]]:
    """Parse one JSON object per non-empty line."""
    return [json.loads(line) for line in output.splitlines() if line.strip()]
