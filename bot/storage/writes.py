"""Counts the commits that wrote something, for the work that made them.

A command that fails half-way must tell the person whether anything was saved: the router
counts the writes its handler committed (`counting_writes`), and every `Database` reports its
commits here (`watch`). The count follows the task through `contextvars` (SQLAlchemy's async
layer carries the context into the driver's calls).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, event

_WROTE = "cohort_wrote"
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


def watch(engine: Engine) -> None:
    """Report `engine`'s committed writes to whoever is counting."""
    event.listen(engine, "before_cursor_execute", _note_statement)
    event.listen(engine, "commit", _note_commit)
    event.listen(engine, "rollback", _forget)


def _note_statement(connection: Connection, _cursor: Any, statement: str, *_rest: Any) -> None:
    if statement.lstrip()[:7].upper().startswith(_WRITING_VERBS):
        connection.info[_WROTE] = True


def _note_commit(connection: Connection) -> None:
    count = _CURRENT.get()
    if connection.info.pop(_WROTE, False) and count is not None:
        count.committed += 1


def _forget(connection: Connection) -> None:
    # An invalidated connection (a lost or read-only one being replaced) has no info to clear,
    # and touching it would try to reconnect in the middle of the rollback.
    if not connection.invalidated:
        connection.info.pop(_WROTE, None)
