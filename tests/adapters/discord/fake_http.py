"""The fake Discord's HTTP side: reading a request's body (JSON, or multipart with files),
writing an answer as discord.py needs it, and Discord's global rate limit."""

from __future__ import annotations

import json
import time
from collections import deque
from typing import Any

from aiohttp import BodyPartReader, web


class GlobalLimit:
    """Discord's global limit: at most `per_second` requests a second for a bot, beyond which
    each is a global 429 (interaction endpoints, callbacks and follow-ups, are not counted, as
    Discord documents). Off while `per_second` is None."""

    def __init__(self) -> None:
        self.per_second: int | None = None
        self.refusals = 0
        """How many requests the limit refused."""
        self._recent: deque[float] = deque()

    def refused(self, path: str) -> float | None:
        """Count a request; return the seconds to wait when it is over the limit, else None."""
        if self.per_second is None or path.startswith(("/interactions/", "/webhooks/")):
            return None
        now = time.monotonic()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.per_second:
            self.refusals += 1
            return max(0.001, 1.0 - (now - self._recent[0]))
        self._recent.append(now)
        return None


async def read_body(request: web.Request) -> tuple[Any, dict[str, bytes]]:
    """Return a request's JSON body and files: discord.py sends a message with attachments as
    multipart/form-data, its JSON in the part `payload_json` and each file in `files[n]`."""
    if not request.can_read_body:
        return None, {}
    if request.content_type != "multipart/form-data":
        return await request.json(), {}
    body: Any = None
    files: dict[str, bytes] = {}
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            body = json.loads(await part.text())
        elif part.filename is not None:
            files[part.filename] = bytes(await part.read())
    return body, files


def json_answer(status: int, answer: Any) -> web.Response:
    if status == 204:
        return web.Response(status=204)
    headers = {"Via": "1.1 google"} if status == 429 else {}
    if status == 429 and answer.get("global"):
        wait = f"{answer['retry_after']:.3f}"
        headers |= {
            "X-RateLimit-Global": "true",
            "X-RateLimit-Scope": "global",
            "Retry-After": wait,
        }
    elif status == 429:
        headers |= {"X-RateLimit-Scope": "user", "Retry-After": "0.01"}
    # Exactly `application/json`: with a charset parameter discord.py does not parse the body.
    response = web.Response(status=status, body=json.dumps(answer).encode(), headers=headers)
    response.content_type = "application/json"
    return response
