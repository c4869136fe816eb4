"""The process's resident memory (RSS): now, and its peak since the last reset.

`ru_maxrss` is the peak of the process's whole life, so a part that ran earlier in the process
would hide a later part's smaller peak. Linux lets a process reset its peak to what it holds now
(`/proc/self/clear_refs`, value 5); each part also runs in a process of its own.
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

STATM = Path("/proc/self/statm")
CLEAR_REFS = Path("/proc/self/clear_refs")
MB = 2**20


def current_mb() -> float:
    """Return the resident memory now (MB), from /proc/self/statm (the peak where it is absent)."""
    try:
        resident_pages = int(STATM.read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_mb()
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / MB


def peak_mb() -> float:
    """Return the peak resident memory since the process started or the last reset (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB  # KiB on Linux


def reset_peak() -> bool:
    """Reset the peak to the resident memory now; return False where the system cannot."""
    try:
        CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


class Watch:
    """The resident memory before a step and its peak during it (MB)."""

    def __init__(self) -> None:
        self.before = current_mb()
        self.isolated = reset_peak()
        """False: the peak may be an earlier step's, not this one's."""

    def figures(self) -> dict[str, float | bool]:
        """Return the RSS before, the peak since, and the growth (peak less before)."""
        peak = peak_mb()
        return {
            "rss_before_mb": round(self.before, 1),
            "rss_peak_mb": round(peak, 1),
            "rss_growth_mb": round(peak - self.before, 1),
            "rss_peak_isolated": self.isolated,
        }
