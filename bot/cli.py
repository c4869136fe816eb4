"""The `cohort` command: run, console, db upgrade, check, --version."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import importlib
import importlib.util
import logging
import signal
import sys
from collections.abc import AsyncIterator, Coroutine
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import __version__
from bot.clock import Clock, VirtualClock
from bot.errors import PlatformUnreachable, StartupError
from bot.moderation.ladder import parse_ladder
from bot.settings import PlatformSettings, SettingCheck, Settings, SettingsError, read_settings

if TYPE_CHECKING:  # built lazily: `cohort --version` and settings errors need no app
    from adapters.console.runner import ConsoleOpener
    from bot.app import App

log = logging.getLogger("cohort")

NO_PLATFORM_HINT = (
    "No platform token is configured, so Cohort starts the console playground.\n"
    "To connect a real community, set DISCORD_TOKEN or SLACK_BOT_TOKEN in the environment or "
    "in .env (see .env.example and the README)."
)


def main(argv: list[str] | None = None) -> int:
    """Run the `cohort` command line; return the exit code."""
    args = _parser().parse_args(argv)
    command = args.command or "run"
    try:
        configuration = load_configuration(to_connect=command in _CONNECTING)
    except SettingsError as error:
        print(f"cohort: {error}", file=sys.stderr)
        return 2
    _configure_logging(configuration.core.log_level)
    try:
        work = _COMMANDS.get(command, _cmd_platform)(configuration, args)
        return _run_until_signalled(work)
    except PlatformUnreachable as error:
        print(f"cohort: {error}", file=sys.stderr)
        return 1
    except (_StartError, StartupError, SettingsError) as error:
        print(f"cohort: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`cohort console ... | head`)
        sys.stderr.close()
        return 0


# The commands that connect the configured platforms need their tokens; the others (the
# manifest above all, which people need before they have tokens) work without.
_CONNECTING = frozenset({"run", "check"})


class _StartError(Exception):
    """Start-up cannot go on; the message is one line for the operator."""


FEATURE_SETTING_CHECKS: dict[str, SettingCheck] = {"warning_ladder": parse_ladder}
"""Core settings whose format a feature reads (moderation's ladder), checked at start-up."""


@dataclass(frozen=True, slots=True)
class Configuration:
    """The core's settings and every platform adapter's, read and validated together."""

    core: Settings
    platforms: dict[str, PlatformSettings]

    def configured_platforms(self) -> list[str]:
        """Return the platforms whose token is set, in start order."""
        return [name for name, settings in self.platforms.items() if settings.configured()]

    def missing(self) -> str | None:
        """Return what the first configured platform lacking something still needs, or None."""
        return next(filter(None, (s.missing() for s in self.platforms.values())), None)


def load_configuration(*, to_connect: bool = True, **overrides: Any) -> Configuration:
    """Read the core's settings and each platform's, or raise SettingsError naming every problem.

    Every platform's settings are validated, configured or not; with `to_connect`, each
    configured platform must also have what it needs to connect.
    """
    core, problems = read_settings(Settings, checks=FEATURE_SETTING_CHECKS, **overrides)
    platforms: dict[str, PlatformSettings] = {}
    for name in platform_names():
        model = _adapter_module(name, "settings").PLATFORM_SETTINGS
        found, more = read_settings(model, **overrides)
        problems += more
        if found is not None:
            platforms[name] = found
    if core is None or problems:
        raise SettingsError("; ".join(problems))
    configuration = Configuration(core, platforms)
    missing = configuration.missing() if to_connect else None
    if missing is not None:
        raise SettingsError(f"incomplete settings: {missing}")
    return configuration


def platform_names() -> tuple[str, ...]:
    """Return the platforms an adapter exists for (`adapters.PLATFORMS`), in start order."""
    return tuple(importlib.import_module("adapters").PLATFORMS)


def _adapter_module(name: str, module: str) -> Any:
    # Imported by name, lazily, so running on Slack never imports discord.py and vice versa
    # (a platform's settings module imports only pydantic).
    return importlib.import_module(f"adapters.{name}.{module}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cohort", description="A bot for online learning communities."
    )
    parser.add_argument("--version", action="version", version=f"cohort {__version__}")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="connect every configured platform (the console if none)")
    console = commands.add_parser("console", help="a local community in the terminal")
    console.add_argument("--script", type=Path, help="run the lines of this file")
    console.add_argument("--json", action="store_true", help="print one JSON object a line")
    console.add_argument("--start", help="virtual clock start, e.g. 2026-01-05T08:00")
    console.add_argument("--db", type=Path, help="keep state in this SQLite file")
    console.add_argument("--locale", help="the locale every member's app is set to, e.g. es-ES")
    database = commands.add_parser("db", help="database maintenance")
    database.add_argument("action", choices=["upgrade"], help="apply pending migrations")
    commands.add_parser("check", help="check settings, database and migrations")
    community = commands.add_parser("community", help="a community's data")
    community.add_argument("action", choices=["forget"], help="delete it and all its data")
    community.add_argument("platform", help="discord, slack or console")
    community.add_argument("id", help="the platform's id (a Slack team id, a Discord server id)")
    for name in platform_names():  # `cohort discord ...`, `cohort slack ...`: set-up commands
        maintenance = _maintenance(name)
        if maintenance is not None:
            maintenance.add_arguments(commands.add_parser(name, help=maintenance.HELP))
    return parser


def _maintenance(platform: str) -> Any:
    """Return the platform's set-up commands (`adapters/<name>/maintenance.py`), if it has any."""
    module = f"adapters.{platform}.maintenance"
    return importlib.import_module(module) if importlib.util.find_spec(module) else None


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Request logs of the HTTP and database libraries can carry tokens, and the platform
    # libraries narrate every connection step; keep them to warnings unless debugging.
    for noisy in _NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


_NOISY_LOGGERS = (
    "aiosqlite",
    "asyncio",
    "sqlalchemy.engine",
    "alembic",
    "apscheduler",
    "discord",
    "slack_bolt",
    "slack_sdk",
)


def _run_until_signalled(work: Coroutine[Any, Any, int]) -> int:
    async def runner() -> int:
        task = asyncio.ensure_future(work)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            # Not available off the main thread or on Windows; Ctrl-C still stops the loop there.
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, task.cancel)
        try:
            return await task
        except asyncio.CancelledError:
            log.info("stopped by signal; pending work was finished and flushed")
            return 0

    return asyncio.run(runner())


async def _cmd_run(configuration: Configuration, _args: argparse.Namespace) -> int:
    platforms = configuration.configured_platforms()
    if not platforms:
        print(NO_PLATFORM_HINT, file=sys.stderr)
        return await _console(
            configuration,
            argparse.Namespace(script=None, json=False, start=None, db=None),
            _served_console_app,
        )
    servers = [_adapter_module(name, "serve").serve for name in platforms]
    async with _served_app(configuration.core, platforms) as app:
        # Each adapter's serve() loads its own settings (validated above) and runs until cancelled.
        await asyncio.gather(*(serve(app) for serve in servers))
    return 0


@contextlib.asynccontextmanager
async def _started_app(
    settings: Settings, *, started: bool = True, clock: Clock | None = None
) -> AsyncIterator[App]:
    """Build and start the app; close it afterwards (which flushes buffered writes).

    Not `started`, the app is only built: its database is never opened. `clock`: the console's
    virtual clock (default: the real one).
    """
    from bot.app import build_app
    from bot.i18n.catalogue import packaged_catalogues
    from bot.memory import keep_startup_objects

    app = build_app(settings, clock)
    if not started:
        yield app
        return
    packaged_catalogues()  # read at start: a broken catalogue stops here, not mid-answer
    await app.start()
    keep_startup_objects()
    try:
        yield app
    finally:
        await app.close()


@contextlib.asynccontextmanager
async def _served_app(
    settings: Settings, platforms: list[str], clock: Clock | None = None
) -> AsyncIterator[App]:
    """The started app, with `/healthz` and `/metrics` served while it runs (when configured).

    Health expects `platforms` from the start: each is `connecting` until its adapter reports.
    """
    from bot.dashboard.wiring import mount
    from bot.web.serving import serving

    async with _started_app(settings, clock=clock) as app:
        app.health.expect(platforms)
        async with serving(settings, app.health, app.metrics, functools.partial(mount, app=app)):
            yield app


def _console_app(settings: Settings, clock: VirtualClock) -> AbstractAsyncContextManager[App]:
    """The console's app: on its virtual clock, started, closed afterwards."""
    return _started_app(settings, clock=clock)


@contextlib.asynccontextmanager
async def _console_app_with_dashboard(
    settings: Settings, clock: VirtualClock
) -> AsyncIterator[App]:
    """The console's app with the dashboard served beside it, its address printed first."""
    from bot.dashboard.serving import console_dashboard

    async with _started_app(settings, clock=clock) as app, console_dashboard(app) as address:
        print(
            f"The dashboard: {address} (a host types /dashboard for a sign-in link)",
            file=sys.stderr,
        )
        yield app


def _served_console_app(
    settings: Settings, clock: VirtualClock
) -> AbstractAsyncContextManager[App]:
    """The console's app under `cohort run`: served over HTTP like any platform's."""
    return _served_app(settings, ["console"], clock=clock)


async def _cmd_console(configuration: Configuration, args: argparse.Namespace) -> int:
    # At the prompt or reading standard input, the console serves the dashboard; a --script
    # run is a test or a demonstration, which needs no server.
    opener = _console_app if args.script is not None else _console_app_with_dashboard
    return await _console(configuration, args, opener)


async def _console(
    configuration: Configuration, args: argparse.Namespace, opener: ConsoleOpener
) -> int:
    from adapters.console.runner import ConsoleOptions, StartError, run_console

    options = ConsoleOptions.from_arguments(args)
    if options.script is not None and not options.script.is_file():
        raise _StartError(f"--script {options.script}: no such file")
    try:
        streams = (sys.stdin, sys.stdout)
        return await run_console(configuration.core, options, streams, opener)
    except StartError as error:
        raise _StartError(str(error)) from None


async def _cmd_db(configuration: Configuration, _args: argparse.Namespace) -> int:
    from bot.storage import migrate
    from bot.storage.database import Database

    database = Database(configuration.core.database_url)
    try:
        await migrate.upgrade(database)
        current, _head = await migrate.current_and_head(database)
    finally:
        await database.close()
    print(f"database is at revision {current}")
    return 0


async def _cmd_check(configuration: Configuration, _args: argparse.Namespace) -> int:
    from bot.storage import migrate
    from bot.storage.database import Database

    settings = configuration.core
    platforms = configuration.configured_platforms()
    print("settings: valid")
    print(f"platforms: {', '.join(platforms) or 'none (console only)'}")
    for name in platforms:
        for line in configuration.platforms[name].summary():
            print(line)
    missing = _missing_sqlite_file(settings.database_url)
    if missing is not None:  # connecting would create it: a check changes nothing
        print(f"database: none yet at {missing}; create it with `cohort db upgrade`")
        return 1
    database = Database(settings.database_url)
    try:
        current, head = await migrate.current_and_head(database)
    except Exception as error:  # any driver error means unreachable; say which
        print(f"database: unreachable ({type(error).__name__}: {error})")
        return 1
    finally:
        await database.close()
    print("database: reachable")
    if current != head:
        print(
            f"migrations: behind (at {current or 'none'}, newest {head}); run `cohort db upgrade`"
        )
        return 1
    print(f"migrations: current ({head})")
    return 0


def _missing_sqlite_file(url: str) -> Path | None:
    """Return the SQLite file `url` names when it does not exist yet (None otherwise)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database).resolve()
    return None if path.exists() else path


async def _cmd_platform(configuration: Configuration, args: argparse.Namespace) -> int:
    """Run a platform's set-up command (`cohort discord sync`, `cohort slack manifest`)."""
    maintenance = _maintenance(args.command)
    settings = configuration.platforms[args.command]
    opener = functools.partial(_started_app, configuration.core)
    return int(await maintenance.run(args, settings, opener))


async def _cmd_community(configuration: Configuration, args: argparse.Namespace) -> int:
    """`cohort community forget <platform> <id>`: delete it now (no confirmation) and say what."""
    from bot.storage.database import Database
    from bot.storage.forget import forget_community

    database = Database(configuration.core.database_url)
    try:
        forgotten = await forget_community(database, args.platform, args.id)
    finally:
        await database.close()
    if forgotten is None:
        print(f"cohort community forget: no {args.platform} community {args.id}", file=sys.stderr)
        return 1
    print(f"forgot the {args.platform} community {args.id} (id {forgotten.community_id}):")
    for table, count in sorted(forgotten.rows.items()):
        print(f"  {count} {table}")
    return 0


_COMMANDS = {
    "run": _cmd_run,
    "console": _cmd_console,
    "db": _cmd_db,
    "check": _cmd_check,
    "community": _cmd_community,
}
