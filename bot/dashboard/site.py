"""Where the dashboard is served: its public base URL, the only source of links and origins."""

from __future__ import annotations

from urllib.parse import urlsplit

PREFIX = "/dashboard"


class Site:
    """The dashboard's public address (`COHORT_WEB_URL`); the console's is known once it listens."""

    def __init__(self, url: str | None = None) -> None:
        self._url: str | None = None
        if url is not None:
            self.serve_at(url)

    def serve_at(self, url: str) -> None:
        """Say the dashboard is served at `url` (scheme, host and port; no path)."""
        self._url = url.rstrip("/")

    @property
    def served(self) -> bool:
        """Return whether the dashboard is served by this process."""
        return self._url is not None

    @property
    def origin(self) -> str:
        """Return `scheme://host[:port]`, which a POST's Origin (or Referer) must match."""
        parsed = urlsplit(self._require())
        return f"{parsed.scheme}://{parsed.netloc}".lower()

    @property
    def host(self) -> str:
        """Return `host[:port]` as a browser sends it in the Host header."""
        return urlsplit(self._require()).netloc.lower()

    @property
    def secure(self) -> bool:
        """Return whether it is served over https (Secure cookies, `__Host-`, HSTS)."""
        return self._require().startswith("https://")

    def link(self, path: str) -> str:
        """Return the absolute link to `path` (under /dashboard)."""
        return f"{self._require()}{PREFIX}{path}"

    def _require(self) -> str:
        if self._url is None:
            raise RuntimeError("the dashboard is not served")
        return self._url
