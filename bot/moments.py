"""Moments as text for platforms that cannot show each reader their own time zone."""

from __future__ import annotations

from datetime import datetime

from bot.i18n import formats


def in_zone(moment: datetime, zone: str) -> str:
    """Return `moment` in `zone`, named, as the current language writes it:
    `2026-01-12 18:00 (Europe/Berlin)` in English, `12.01.2026 18:00 (Europe/Berlin)` in German."""
    return f"{formats.moment_in(moment, zone)} ({zone})"
