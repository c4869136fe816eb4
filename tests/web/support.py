"""Reading the process's web server over real HTTP (aiohttp's client, loopback)."""

from __future__ import annotations

import aiohttp
from prometheus_client.parser import text_string_to_metric_families


async def get(port: int, path: str) -> tuple[int, str, str]:
    """GET `path` on the local server at `port`; return status, content type and body."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, response.headers["Content-Type"], await response.text()


def sample(exposition: str, name: str, **labels: str) -> float | None:
    """Return the value of the sample `name{labels}` in a Prometheus text exposition."""
    for family in text_string_to_metric_families(exposition):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return float(found.value)
    return None


async def scraped(port: int, name: str, **labels: str) -> float | None:
    """Scrape `/metrics` at `port` and return the sample `name{labels}` (None: not there)."""
    status, _, body = await get(port, "/metrics")
    assert status == 200
    return sample(body, name, **labels)
