"""The scale benchmark's load: members' messages and slash commands, sent the way Slack does.

Both are open-loop: each request is sent at its planned moment (evenly spread over the load's
duration), whatever became of the earlier ones, with at most `IN_FLIGHT` of each kind waiting
for an answer; when the processes fall behind, requests queue here and the achieved rate shows
it. Requests go round-robin to the processes, as a load balancer in front of them would.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import aiohttp

from benchmarks.scaling.world import World
from tests.adapters.slack.driver import signature

IN_FLIGHT = 64
COMMANDS = ("/help", "/guidelines")


@dataclass
class Sent:
    """What was sent of one kind: when each request left and how long its answer took."""

    count: int = 0
    failed: int = 0
    latencies: list[float] = field(default_factory=list)
    began: float = 0.0
    ended: float = 0.0

    def rate(self) -> float:
        """Return the requests answered per second, from the first sent to the last answered."""
        span = self.ended - self.began
        return len(self.latencies) / span if span > 0 else 0.0


class Sender:
    """Signs and posts Slack's requests to the processes' `/slack/events`."""

    def __init__(self, world: World, urls: list[str], session: aiohttp.ClientSession) -> None:
        self._world = world
        self._urls = urls
        self._session = session
        self._secret = world.fake.signing_secret
        self.command_sent: dict[str, float] = {}

    async def message(self, number: int) -> None:
        """Send member message `number` (members take turns, community after community)."""
        teams = self._world.teams
        team = teams[number % len(teams)]
        member = team.members[(number // len(teams)) % len(team.members)]
        now = time.time()
        event = {
            "type": "message",
            "channel": team.workspace.general,
            "channel_type": "channel",
            "user": member,
            "text": f"Message {number}: working through this week's exercises.",
            "ts": f"{now:.6f}",
            "event_ts": f"{now:.6f}",
        }
        body = {
            "token": "verification-token",
            "team_id": team.workspace.team_id,
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{number:08d}",
            "event_time": int(now),
        }
        await self._post(number, json.dumps(body), "application/json")

    async def command(self, number: int) -> None:
        """Send slash command `number`, noting when it left (its answer comes to the fake)."""
        teams = self._world.teams
        team = teams[(number * 7) % len(teams)]
        member = f"m{number % len(team.members)}"
        body = self._world.fake.slash_command_body(
            member, "", command=COMMANDS[number % len(COMMANDS)], workspace=team.workspace
        )
        token = body["response_url"].rsplit("/", 1)[1]
        self.command_sent[token] = time.monotonic()
        await self._post(number, urlencode(body), "application/x-www-form-urlencoded")

    async def _post(self, number: int, text: str, content_type: str) -> None:
        raw = text.encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature(self._secret, timestamp, raw),
        }
        url = self._urls[number % len(self._urls)]
        async with self._session.post(url, data=raw, headers=headers) as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")


async def paced(count: int, seconds: float, send: Callable[[int], Awaitable[None]]) -> Sent:
    """Send `count` requests evenly over `seconds`, at most IN_FLIGHT unanswered at once."""
    sent = Sent(count=count, began=time.monotonic())
    room = asyncio.Semaphore(IN_FLIGHT)
    tasks: set[asyncio.Task[None]] = set()

    async def one(number: int) -> None:
        left = time.monotonic()
        try:
            await send(number)
        except (aiohttp.ClientError, RuntimeError, TimeoutError):
            sent.failed += 1
        else:
            sent.latencies.append(time.monotonic() - left)
        finally:
            sent.ended = max(sent.ended, time.monotonic())
            room.release()

    for number in range(count):
        delay = sent.began + number * seconds / count - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        await room.acquire()
        task = asyncio.create_task(one(number))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    while tasks:
        await asyncio.gather(*tasks)
    return sent


def command_latencies(sender: Sender, answered: dict[str, float]) -> list[float]:
    """Return each answered command's seconds from sending to its answer reaching Slack."""
    return [
        answered[token] - left for token, left in sender.command_sent.items() if token in answered
    ]


def percentile(values: list[float], fraction: float) -> float:
    """Return the `fraction` percentile of `values` (0 when there are none)."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]
