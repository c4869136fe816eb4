"""Wires exports into the core. It has no events, jobs or rows of its own: it only reads, and a
forgotten member's rows are gone before it could read them."""

from __future__ import annotations

from typing import Protocol

from bot.exports.service import ExportService
from bot.shared.core import Kernel


class ExportsUses(Kernel, Protocol):
    """What exports use of the shared core."""


def wire(core: ExportsUses) -> ExportService:
    """Build the export service."""
    return ExportService(core.database)
