"""`cohort slack manifest`: the app manifest to paste when creating the Slack app.

`bot/cli.py` adds it to the `cohort` command by the platform's name. It needs no tokens (they
come from the app the manifest creates), opens no database and imports no Slack library.
"""

from __future__ import annotations

import argparse
import sys

from adapters.slack.settings import SlackSettings
from bot.port import CoreOpener

HELP = "Slack set-up: the app manifest"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare what `cohort slack` takes."""
    parser.add_argument("action", choices=["manifest"], help="print the app manifest")
    parser.add_argument("--json", action="store_true", help="JSON instead of YAML")
    parser.add_argument(
        "--url",
        help="HTTP mode: the public https://.../slack/events URL (default: Socket Mode)",
    )


async def run(args: argparse.Namespace, settings: SlackSettings, open_core: CoreOpener) -> int:
    """Print the manifest as YAML (or JSON); return the exit code."""
    from adapters.slack.manifest import manifest_text

    try:
        async with open_core(started=False) as core:  # the registry only: no database opened
            text = manifest_text(core.registry, settings, request_url=args.url, as_json=args.json)
    except ValueError as error:
        print(f"cohort slack manifest: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0
