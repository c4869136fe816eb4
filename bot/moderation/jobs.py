"""Moderation's sweeps: cards left unhandled are announced again; spent subject hashes go."""

from __future__ import annotations

from datetime import timedelta

from bot.jobs import JobBoard
from bot.moderation.actions import ModerationService
from bot.moderation.queue import FlagQueue

REANNOUNCE_SWEEP = "flag-reannounce"
REANNOUNCE_EVERY = timedelta(minutes=15)
SPENT_HASH_SWEEP = "spent-hashes"
SPENT_HASH_EVERY = timedelta(days=1)


def register_sweeps(jobs: JobBoard, flags: FlagQueue, moderation: ModerationService) -> None:
    """Register the flag queue's re-announcement and the spent-hash clean-up."""
    jobs.every(
        REANNOUNCE_SWEEP, REANNOUNCE_EVERY, flags.reannounce_sweep, flags.next_reannouncement
    )
    jobs.every(
        SPENT_HASH_SWEEP,
        SPENT_HASH_EVERY,
        moderation.spent_hashes_sweep,
        moderation.next_spent_hash,
    )
