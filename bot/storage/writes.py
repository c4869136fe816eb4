"""Counts the commits that wrote something, for the work that made them.

A command that fails half-way must tell the person whether anything was saved: the router
counts the writes its handler committed (`counting_writes`), and every `Database` reports its
commits here (`watch`). The count follows the task through `contextvars` (SQLAlchemy's async
layer carries the context into the driver's calls). The sweeps also hear of each commit that
changed rows, since it may have added work for them (see scheduler/sweeps.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, event

_WROTE = "cohort_wrote"
_CHANGED = "cohort_changed"
_WRITING_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@dataclass
class WriteCount:
    """How many transactions that wrote something were committed while counting."""

    committed: int = 0


_CURRENT: ContextVar[WriteCount | None] = ContextVar("cohort_write_count", default=None)


@contextmanager
def counting_writes() -> Iterator[WriteCount]:
    """Count the writing transactions committed by this task (and tasks it starts) inside."""
    count = WriteCount()
    token = _CURRENT.set(count)
    try:
        yield count
    finally:
        _CURRENT.reset(token)


def watch(engine: Engine, on_change: Callable[[], None] | None = None) -> None:
    """Report `engine`'s committed writes to whoever is counting; call `on_change` after each
    commit whose writes changed rows (a write that matched nothing changed nothing)."""

    def note_commit(connection: Connection) -> None:
        changed = connection.info.pop(_CHANGED, False)
        if connection.info.pop(_WROTE, False):
            count = _CURRENT.get()
            if count is not None:
                count.committed += 1
        if changed and on_change is not None:
            on_change()

    event.listen(engine, "before_cursor_execute", _note_statement)
    event.listen(engine, "after_cursor_execute", _note_rows)
    event.listen(engine, "commit", note_commit)
    event.listen(engine, "rollback", _forget)


def _note_statement(connection: Connection, _cursor: Any, statement: str, *_rest: Any) -> None:
    if _writes(statement):
        connection.info[_WROTE] = True


def _note_rows(connection: Connection, cursor: Any, statement: str, *_rest: Any) -> None:
    # A statement with RETURNING may report its rows only once they are read: assume a change.
    if _writes(statement) and (cursor.rowcount != 0 or "RETURNING" in statement.upper()):
        connection.info[_CHANGED] = True


def _writes(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(_WRITING_VERBS)


def _forget(connection: Connection) -> None:
    # An invalidated connection (a lost or read-only one being replaced) has no info to clear,
    # and touching it would try to reconnect in the middle of the rollback.
    if not connection.invalidated:
        connection.info.pop(_WROTE, None)
        connection.info.pop(_CHANGED, None)


def count_write_here() -> None:
    """Count one committed write for the work counting now: a write a batch made for it in
    another task (whose own count does not reach this one)."""
    count = _CURRENT.get()
    if count is not None:
        count.committed += 1
