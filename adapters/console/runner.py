"""`cohort console`: the interactive prompt and the script runner around a ConsoleSession."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import logging.handlers
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, TextIO
from zoneinfo import ZoneInfo

from adapters.console import keep
from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.clock import RealClock, VirtualClock
from bot.port import Core
from bot.settings import Settings
from bot.storage.database import Database

HISTORY_FILE = Path.home() / ".cohort_history"
BANNER = """Cohort console: a local community with a virtual clock.
Try:  @hana is admin   then   @hana: /help   or   @alice: hello everyone
      @alice joins · @bob reports m2: rude · @mia presses "Forget me" · time +1d
Ctrl-D leaves. The README documents every line."""


@dataclass(frozen=True, slots=True)
class ConsoleOptions:
    """What `cohort console` was asked to do."""

    script: Path | None = None
    json: bool = False
    start: str | None = None
    db: Path | None = None
    locale: str | None = None
    """The locale every member's app reports (`es-ES`), as Discord and Slack send it."""

    @classmethod
    def from_arguments(cls, arguments: argparse.Namespace) -> ConsoleOptions:
        """Read `cohort console`'s options (`cohort run` with no token has none of them)."""
        names = ("script", "json", "start", "db", "locale")
        return cls(**{name: getattr(arguments, name) for name in names if hasattr(arguments, name)})


class ConsoleCore(Core[Any], Protocol):
    """The port, and the database the console keeps its world in (for `--db`)."""

    database: Database


ConsoleOpener = Callable[[Settings, VirtualClock], AbstractAsyncContextManager[ConsoleCore]]
"""Builds and starts the core on these settings and the console's clock; closes it after."""


class StartError(ValueError):
    """`--start` could not be read."""


def parse_start(text: str | None, zone: str) -> datetime:
    """Return `--start` (e.g. 2026-01-05T08:00, in the community's zone) as an aware datetime."""
    if text is None:
        return RealClock().now().replace(second=0, microsecond=0)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise StartError(f"--start {text!r}: write it like 2026-01-05T08:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment


async def run_console(
    settings: Settings,
    options: ConsoleOptions,
    streams: tuple[TextIO, TextIO],
    open_core: ConsoleOpener,
) -> int:
    """Run the console until the script or the input (`streams`: in, out) ends; return the
    exit code. The core is the composition root's (`open_core`), on the console's own clock
    and database file."""
    stdin, stdout = streams
    with tempfile.TemporaryDirectory(prefix="cohort-console-") as scratch, _held_logs() as logs:
        db_path = options.db or Path(scratch) / "console.db"
        settings = settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{db_path}"})
        clock = VirtualClock(parse_start(options.start, settings.timezone))
        async with open_core(settings, clock) as core:
            await _play(core, clock, options, (stdin, stdout), logs)
    return 0


async def _play(
    core: ConsoleCore,
    clock: VirtualClock,
    options: ConsoleOptions,
    streams: tuple[TextIO, TextIO],
    logs: _HeldLogs,
) -> None:
    """Load a `--db` file's world, read the script or the prompt, and keep the world again."""
    stdin, stdout = streams
    session = ConsoleSession(core, clock, locale=options.locale)
    try:
        await keep.load(core.database, session.world)
        await session.refresh_timezone()
        if options.start is not None:
            # --start is in the community's zone, which a --db file may have changed with
            # /setup timezone; only now is it known.
            clock.reset(parse_start(options.start, str(session.world.zone)))
        printer = _Printer(
            stdout,
            options.json,
            at_prompt=options.script is None and stdin.isatty(),
            after_each=logs.release,
        )
        printer.show(await session.attach())  # posts a --db file's schedules caught up on
        await _read(session, options, stdin, printer)
    finally:
        if options.db is not None:
            await keep.save(core.database, session.world)


async def _read(
    session: ConsoleSession, options: ConsoleOptions, stdin: TextIO, printer: _Printer
) -> None:
    if options.script is not None:
        with options.script.open(encoding="utf-8") as script:
            await _run_lines(session, script, printer)
    elif stdin.isatty():
        await _interactive(session, printer)
    else:
        await _run_lines(session, stdin, printer)


class _HeldLogs:
    """Log lines held while a console line runs, let out after the printer's output.

    They go where logging sends them (standard error), but never into the middle of the
    transcript: a terminal shows both streams, and a warning written while a line runs would
    land before that line's own echo.
    """

    def __init__(self, handlers: list[logging.Handler]) -> None:
        self.holders = [
            logging.handlers.MemoryHandler(_HELD_AT_MOST, logging.CRITICAL + 1, target=handler)
            for handler in handlers
        ]

    def release(self) -> None:
        """Write the held lines out."""
        for holder in self.holders:
            holder.flush()


@contextlib.contextmanager
def _held_logs() -> Iterator[_HeldLogs]:
    """Hold the root logger's output for the console's run (see _HeldLogs)."""
    root = logging.getLogger()
    originals = list(root.handlers)
    held = _HeldLogs(originals)
    for original, holder in zip(originals, held.holders, strict=True):
        root.removeHandler(original)
        root.addHandler(holder)
    try:
        yield held
    finally:
        held.release()
        for original, holder in zip(originals, held.holders, strict=True):
            root.removeHandler(holder)
            root.addHandler(original)


_HELD_AT_MOST = 10_000  # lines held during one console line before they are let out anyway


# At the prompt the person has just typed these lines; echoing them again is noise. Messages are
# still echoed, because the echo tells them the message's id.
_ECHOES_HIDDEN_AT_PROMPT = frozenset(
    {"command", "level", "role", "join", "leave", "report", "press"}
)


class _Printer:
    def __init__(
        self,
        stream: TextIO,
        as_json: bool,
        at_prompt: bool = False,
        after_each: Callable[[], None] = lambda: None,
    ) -> None:
        self._stream = stream
        self._as_json = as_json
        self._hidden = _ECHOES_HIDDEN_AT_PROMPT if at_prompt and not as_json else frozenset()
        self._after_each = after_each

    def show(self, records: list[Record]) -> None:
        for record in records:
            if record.kind in self._hidden:
                continue
            self._stream.write((record.as_json() if self._as_json else record.as_text()) + "\n")
        self._stream.flush()
        self._after_each()  # the log lines of this line, after its transcript


async def _run_lines(session: ConsoleSession, stream: TextIO, printer: _Printer) -> None:
    while True:
        line = await asyncio.to_thread(stream.readline)
        if not line:
            return
        printer.show(await session.say(line.rstrip("\n")))


async def _interactive(session: ConsoleSession, printer: _Printer) -> None:
    readline = _load_history()
    print(BANNER, flush=True)
    try:
        while True:
            try:
                line = await _read_line_in_daemon("cohort> ")
            except EOFError:
                print(flush=True)
                return
            printer.show(await session.say(line))
    finally:
        if readline is not None:
            with contextlib.suppress(OSError):
                readline.write_history_file(HISTORY_FILE)


async def _read_line_in_daemon(prompt: str) -> str:
    # A daemon thread, not asyncio.to_thread: a pending input() must not keep the process alive
    # after Ctrl-C or SIGTERM has cancelled the console.
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def read() -> None:
        try:
            line = input(prompt)
        except BaseException as error:  # EOFError, KeyboardInterrupt: hand them to the loop
            loop.call_soon_threadsafe(_settle, future, None, error)
        else:
            loop.call_soon_threadsafe(_settle, future, line, None)

    threading.Thread(target=read, name="console-input", daemon=True).start()
    return await future


def _settle(future: asyncio.Future[str], line: str | None, error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(EOFError() if isinstance(error, KeyboardInterrupt) else error)
    else:
        future.set_result(line or "")


def _load_history() -> ModuleType | None:
    try:
        import readline
    except ImportError:  # Windows without pyreadline: no history, still works.
        return None
    with contextlib.suppress(OSError):
        readline.read_history_file(HISTORY_FILE)
    readline.set_history_length(1000)
    return readline
