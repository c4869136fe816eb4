"""The line every benchmark prints first: how busy the machine was when it started.

A figure taken while other work runs is slower than the code deserves (ingest most of all), so
the reader needs the load beside it to judge the figure.
"""

from __future__ import annotations

import os
import platform
import sys


def load_line() -> str:
    """Return the machine's cores, 1/5/15-minute load averages and Python version, one line."""
    cores = os.cpu_count() or 1
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # not every system reports it
        averages = "load unknown"
    else:
        averages = f"load {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"
    python = f"Python {sys.version_info.major}.{sys.version_info.minor}"
    return f"machine: {cores} cores, {averages}, {python} on {platform.system()}"


def print_load() -> None:
    """Print the load line (call it before anything is measured)."""
    print(load_line(), flush=True)
