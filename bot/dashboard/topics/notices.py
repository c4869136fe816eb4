"""A change's result shown after its redirect (POST-redirect-GET), with no state kept.

The redirect's query carries the text signed with itsdangerous under the session's own CSRF
secret, so the page shows only what this session's own POST said: a link crafted elsewhere
with a message in it shows nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer
from yarl import URL

MAX_NOTICE = 1500
"""Characters a notice keeps: a redirect's address stays short."""


@dataclass(frozen=True, slots=True)
class Notice:
    """What the page says above everything: a result, or (`error`) why nothing changed."""

    text: str
    error: bool = False


def _signer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="cohort-dashboard-notice")


def redirect_to(path: str, query: Mapping[str, str], text: str, secret: str) -> str:
    """Return `path` with `query` and the signed `text`, for a 303's Location."""
    shown = text if len(text) <= MAX_NOTICE else text[: MAX_NOTICE - 1] + "…"
    signed = {**query, "done": _signer(secret).dumps(shown)}
    return str(URL.build(path=path, query=signed))


def notice_of(query: Mapping[str, str], secret: str) -> Notice | None:
    """Return the notice a redirect carries, if this session signed it."""
    carried = query.get("done")
    if not carried:
        return None
    try:
        text = _signer(secret).loads(carried)
    except BadSignature:
        return None
    return Notice(text) if isinstance(text, str) else None
