"""A SQLite file that could not be written (read-only, or no room) and can again: no restart.

A connection SQLite opens while the file cannot be written is read-only for good, so the pool
must not keep it: once writes are possible again, the kept activity batch is written and
commands work again in the same process.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.app import App
from bot.storage.models import Member
from tests.conftest import START


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make the file unwritable for this process for the block, as a read-only mount would.

    Root ignores permission bits, so as root the file is made immutable instead.
    """
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], check=False).returncode:
        pytest.skip("running as root and this file system cannot make a file immutable")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def _texts(records: list[Record]) -> list[str]:
    return [record.text for record in records if record.kind == "ephemeral"]


async def _last_active(app: App, external_id: str) -> datetime | None:
    async with app.database.reading() as connection:
        query = select(Member.last_active_at).where(Member.external_id == external_id)
        return (await connection.execute(query)).scalar_one_or_none()


async def test_after_the_file_is_writable_again_the_kept_batch_and_commands_go_through(
    app: App, console: ConsoleSession, tmp_path: Path
) -> None:
    await console.say("@hana is host")
    await console.say("@ana: Hello, everyone")
    assert app.services.activity.pending() == 1

    with read_only(tmp_path / "cohort.db"):
        # The pool opens connections as work needs them (more at busy moments); empty it so
        # that its next ones are opened while the file is read-only.
        await app.database.close()
        with pytest.raises(OperationalError, match="readonly"):
            await app.services.activity.flush()
        refused = _texts(await console.say("@hana: /topic add What are you reading?"))
        assert refused
        assert "nothing was changed" in refused[0]
        assert app.services.activity.pending() == 1

    assert await app.services.activity.flush() == 1
    assert await _last_active(app, "ana") == START
    added = _texts(await console.say("@hana: /topic add What are you reading?"))
    assert added
    assert "What are you reading?" in added[0]
    assert [topic.text for topic in await app.services.topics.bank(1)] == ["What are you reading?"]


@contextmanager
def disk_full() -> Iterator[None]:
    """Refuse, for the block, every write that grows a file past its first 4 KiB, as a full disk.

    SQLite's write-ahead log starts each frame past that, so every commit fails with "database or
    disk is full" (the process limit makes writes fail with EFBIG instead of killing it).
    """
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    previous_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, previous_limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, previous_limit)
        signal.signal(signal.SIGXFSZ, previous_handler)


async def test_after_the_disk_had_room_again_the_kept_batch_and_commands_go_through(
    app: App, console: ConsoleSession
) -> None:
    await console.say("@hana is host")
    await console.say("@ana: Hello, everyone")

    with disk_full():
        with pytest.raises(OperationalError, match="disk I/O error"):
            await app.services.activity.flush()
        refused = _texts(await console.say("@hana: /topic add What are you reading?"))
        assert "nothing was changed" in refused[0]
        assert app.services.activity.pending() == 1

    assert await app.services.activity.flush() == 1
    assert await _last_active(app, "ana") == START
    added = _texts(await console.say("@hana: /topic add What are you reading?"))
    assert "What are you reading?" in added[0]
    assert [topic.text for topic in await app.services.topics.bank(1)] == ["What are you reading?"]
