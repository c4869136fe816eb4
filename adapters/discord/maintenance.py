"""`cohort discord ...`: the install link and an explicit slash-command sync.

`bot/cli.py` adds these to the `cohort` command by the platform's name; discord.py is imported
only when one of them runs.
"""

from __future__ import annotations

import argparse

from adapters.discord.settings import DiscordSettings
from bot.port import CoreOpener

HELP = "Discord set-up: install link, command sync"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare what `cohort discord` takes."""
    parser.add_argument(
        "action",
        choices=["invite-url", "sync"],
        help="invite-url: print the install link; sync: push the slash commands now",
    )


async def run(args: argparse.Namespace, settings: DiscordSettings, open_core: CoreOpener) -> int:
    """Print the install link, or sync the slash commands now; return the exit code."""
    from adapters.discord import serve

    if args.action == "invite-url":
        print(await serve.install_link(settings))
        return 0
    async with open_core() as core:
        lines = await serve.sync(core, settings)
    for line in lines:
        print(line)
    return 1 if any(line.startswith("sync failed") for line in lines) else 0
