"""`/help`: the commands this member may use, one line each."""

from __future__ import annotations

from typing import Annotated

from bot.i18n import _
from bot.levels import Level, may_use
from bot.messages import Reply
from commands.arguments import shortened
from commands.context import Context
from commands.registry import Registry
from commands.spec import CommandSpec, command
from commands.types import Text


def setup(registry: Registry) -> None:
    """Register `/help`, which lists the commands of `registry` itself (and needs no services)."""

    @command("help", level=Level.MEMBER, read_only=True)
    async def show_help(
        context: Context[None],
        command: Annotated[Text | None, "a command, like profile or profile timezone"] = None,
    ) -> Reply:
        """Show the commands you may use, or how to use one command."""
        visible = [spec for spec in registry if may_use(context.caller.level, spec.level)]
        if command is None:
            return Reply.text(_overview(visible, context.caller.level))
        # Text, not a word, so `/help profile timezone` names the subcommand.
        name = " ".join(command.lstrip("/").lower().split())
        return Reply.text(_details(visible, name))

    registry.add(show_help)


def _overview(visible: list[CommandSpec], level: Level) -> str:
    lines = [_("Commands you can use (you are {level}):").format(level=level.with_article)]
    lines += [f"{spec.usage()} — {_(spec.help)}" for spec in visible]
    lines.append(_("Type /help <command> for one command, e.g. /help profile."))
    return "\n".join(lines)


def _details(visible: list[CommandSpec], name: str) -> str:
    matching = [spec for spec in visible if spec.group == name or spec.path == name]
    if not matching:
        return _("There is no /{command} command you can use. Type /help to see yours.").format(
            command=shortened(name)
        )
    lines = []
    for spec in matching:
        lines.append(f"{spec.usage()} — {_(spec.help)}")
        lines += [f"    {option.usage()} {_(option.description)}" for option in spec.options]
    return "\n".join(lines)
