"""Moments as text for platforms that cannot show each reader their own time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def in_zone(moment: datetime, zone: str) -> str:
    """Return `moment` in `zone`, named: `2026-01-12 18:00 (Europe/Berlin)`."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%Y-%m-%d %H:%M} ({zone})"
