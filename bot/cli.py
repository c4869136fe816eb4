"""The `cohort` command: run, console, db upgrade, check, --version."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import logging
import signal
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from bot import __version__
from bot.errors import PlatformUnreachable, StartupError
from bot.settings import Settings, SettingsError, load_settings

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
        settings = load_settings(to_connect=command in _CONNECTING)
    except SettingsError as error:
        print(f"cohort: {error}", file=sys.stderr)
        return 2
    _configure_logging(settings.log_level)
    try:
        return _run_until_signalled(_COMMANDS[command](settings, args))
    except PlatformUnreachable as error:
        print(f"cohort: {error}", file=sys.stderr)
        return 1
    except (_StartError, StartupError) as error:
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
    database = commands.add_parser("db", help="database maintenance")
    database.add_argument("action", choices=["upgrade"], help="apply pending migrations")
    commands.add_parser("check", help="check settings, database and migrations")
    discord = commands.add_parser("discord", help="Discord set-up: install link, command sync")
    discord.add_argument(
        "action",
        choices=["invite-url", "sync"],
        help="invite-url: print the install link; sync: push the slash commands now",
    )
    slack = commands.add_parser("slack", help="Slack set-up: the app manifest")
    slack.add_argument("action", choices=["manifest"], help="print the app manifest")
    slack.add_argument("--json", action="store_true", help="JSON instead of YAML")
    slack.add_argument(
        "--url",
        help="HTTP mode: the public https://.../slack/events URL (default: Socket Mode)",
    )
    return parser


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


async def _cmd_run(settings: Settings, _args: argparse.Namespace) -> int:
    platforms = settings.configured_platforms()
    if not platforms:
        print(NO_PLATFORM_HINT, file=sys.stderr)
        return await _cmd_console(
            settings, argparse.Namespace(script=None, json=False, start=None, db=None)
        )
    servers = [_load_adapter(name) for name in platforms]
    from bot.app import build_app

    app = build_app(settings)
    await app.start()
    try:
        await asyncio.gather(*(serve(app, settings) for serve in servers))
    finally:
        await app.close()
    return 0


def _load_adapter(name: str) -> Any:
    return _adapter_module(name).serve


def _adapter_module(name: str) -> Any:
    # Imported by name, lazily, so running on Slack never imports discord.py and vice versa.
    return importlib.import_module(f"adapters.{name}.serve")


async def _cmd_console(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.console.runner import ConsoleOptions, StartError, run_console

    options = ConsoleOptions(script=args.script, json=args.json, start=args.start, db=args.db)
    if options.script is not None and not options.script.is_file():
        raise _StartError(f"--script {options.script}: no such file")
    try:
        return await run_console(settings, options, sys.stdin, sys.stdout)
    except StartError as error:
        raise _StartError(str(error)) from None


async def _cmd_db(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.storage import migrate
    from bot.storage.database import Database

    database = Database(settings.database_url)
    try:
        await migrate.upgrade(database)
        current, _head = await migrate.current_and_head(database)
    finally:
        await database.close()
    print(f"database is at revision {current}")
    return 0


async def _cmd_check(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.storage import migrate
    from bot.storage.database import Database

    print("settings: valid")
    print(f"platforms: {', '.join(settings.configured_platforms()) or 'none (console only)'}")
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


async def _cmd_discord(settings: Settings, args: argparse.Namespace) -> int:
    discord = _adapter_module("discord")
    if args.action == "invite-url":
        print(await discord.install_link(settings))
        return 0
    from bot.app import build_app

    app = build_app(settings)
    await app.start()
    try:
        lines = await discord.sync(app, settings)
    finally:
        await app.close()
    for line in lines:
        print(line)
    return 1 if any(line.startswith("sync failed") for line in lines) else 0


async def _cmd_slack(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.slack.manifest import build_manifest, manifest_yaml
    from bot.app import command_registry

    try:
        manifest = build_manifest(
            command_registry(),
            prefix=settings.slack_command_prefix,
            mode="http" if args.url is not None else "socket",
            request_url=args.url,
        )
    except ValueError as error:
        print(f"cohort slack manifest: {error}", file=sys.stderr)
        return 2
    text = json.dumps(manifest, indent=2) + "\n" if args.json else manifest_yaml(manifest)
    sys.stdout.write(text)
    return 0


_COMMANDS = {
    "run": _cmd_run,
    "console": _cmd_console,
    "db": _cmd_db,
    "check": _cmd_check,
    "discord": _cmd_discord,
    "slack": _cmd_slack,
}
