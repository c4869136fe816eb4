"""The objects made while the process starts, kept out of the garbage collector's full passes.

A full pass of Python's collector walks every tracked object. Once the app has started, that
is a few hundred thousand (the libraries, the app, its services), and one pass took about
60 ms: the slowest cohort `/stats` of a run (p99 about 100 ms against a median of 35). What is
alive once the app has started lives as long as the process, so it is collected once and
frozen (`gc.freeze`); later passes walk only what was made since (p99 about 50 ms).

Called once per process, by the entry point, after the app has started: never by the app
itself, which a test process starts thousands of times.
"""

from __future__ import annotations

import gc


def keep_startup_objects() -> int:
    """Collect what start-up left behind, then freeze what is alive; return how many objects
    the collector will no longer walk."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
