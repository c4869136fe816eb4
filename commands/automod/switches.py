"""The switch commands, `/automod <filter> on|off [numbers]`, as one table of rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.automod.model import FilterName
from bot.errors import UserFacingError
from bot.levels import Level
from bot.messages import Reply
from commands.automod.common import AutomodContext, AutomodServices, action_text, content_note
from commands.spec import CommandSpec, OptionKind, OptionSpec

Switch = Literal["on", "off"]

MAX_MENTIONS = 50
MAX_FLOOD_MESSAGES = 100
MAX_WINDOW_SECONDS = 3600
MAX_REPEAT_CHANNELS = 20


@dataclass(frozen=True, slots=True)
class Limit:
    """A number a switch command may set: its option's name, its range and its description."""

    option: str
    lowest: int
    highest: int
    description: str


@dataclass(frozen=True, slots=True)
class FilterSwitch:
    """One `/automod <filter> on|off` command, declared as a row of `SWITCHES`.

    `on`, `off` and `listed` (its line in `/automod list` while on) are formats: `{action}` is
    what happens to a match, `{threshold}` and `{window}` the filter's numbers, `{allowed}` the
    allowed domains. `reads_content` filters add a note where message text is unreadable.
    """

    filter: FilterName
    help: str
    switch: str
    on: str
    off: str
    listed: str
    threshold: Limit | None = None
    window: Limit | None = None
    reads_content: bool = False

    @property
    def limits(self) -> tuple[Limit, ...]:
        """Return the numbers it takes after on|off, in order."""
        return tuple(limit for limit in (self.threshold, self.window) if limit is not None)


SWITCHES = {
    row.filter: row
    for row in (
        FilterSwitch(
            FilterName.LINKS,
            help="Screen links to domains that are not allowed (see /automod domain), or stop.",
            switch="screen links or not",
            on="Links to domains that are not allowed are now {action}. Allowed: {allowed}.",
            off="Links are no longer screened.",
            listed="on, allowed domains: {allowed}",
            reads_content=True,
        ),
        FilterSwitch(
            FilterName.INVITES,
            help="Screen invite links to other Discord servers and Slack workspaces, or stop.",
            switch="screen invite links or not",
            on="Invite links (discord.gg, discord.com/invite, join.slack.com) are now {action}.",
            off="Invite links are no longer screened.",
            listed="on",
            reads_content=True,
        ),
        FilterSwitch(
            FilterName.MENTIONS,
            help="Screen messages that mention more than a number of people (default 5).",
            switch="screen mention spam or not",
            on="Messages with more than {threshold} mentions are now {action}.",
            off="Mention spam is no longer screened.",
            listed="on, more than {threshold} mentions",
            threshold=Limit(
                "limit", 1, MAX_MENTIONS, "more mentions than this in one message is spam"
            ),
        ),
        FilterSwitch(
            FilterName.FLOOD,
            help="Screen members who post more than a number of messages in a few seconds "
            "(default 5/10).",
            switch="screen flooding or not",
            on="More than {threshold} messages within {window} seconds from one member is now "
            "{action} (once per burst).",
            off="Flooding is no longer screened.",
            listed="on, more than {threshold} messages in {window} seconds",
            threshold=Limit("messages", 1, MAX_FLOOD_MESSAGES, "more messages than this ..."),
            window=Limit(
                "seconds", 1, MAX_WINDOW_SECONDS, "... within this many seconds is flooding"
            ),
        ),
        FilterSwitch(
            FilterName.REPEATS,
            help="Screen the same message posted in several channels (default 3 channels in 60 "
            "seconds).",
            switch="screen repeated messages or not",
            on="The same message from one member in {threshold} channels within {window} "
            "seconds is now {action}.",
            off="Repeated messages are no longer screened.",
            listed="on, the same message in {threshold} channels within {window} seconds",
            threshold=Limit(
                "channels", 2, MAX_REPEAT_CHANNELS, "the same message in this many channels ..."
            ),
            window=Limit("seconds", 1, MAX_WINDOW_SECONDS, "... within this many seconds is spam"),
            reads_content=True,
        ),
    )
}


def switch_command(row: FilterSwitch) -> CommandSpec[AutomodServices]:
    """Return the `/automod <filter> on|off [numbers]` command that `row` declares."""

    async def switch_filter(
        context: AutomodContext, switch: Switch, **numbers: int | None
    ) -> Reply:
        return await _switch(context, row, switch == "on", numbers)

    on_off = OptionSpec("switch", OptionKind.CHOICE, True, row.switch, ("on", "off"))
    numbers = (
        OptionSpec(limit.option, OptionKind.INTEGER, False, limit.description)
        for limit in row.limits
    )
    return CommandSpec(
        group="automod",
        name=row.filter.value,
        help=row.help,
        level=Level.MODERATOR,
        options=(on_off, *numbers),
        handler=switch_filter,
    )


async def _switch(
    context: AutomodContext, row: FilterSwitch, enabled: bool, numbers: dict[str, int | None]
) -> Reply:
    for limit in row.limits:
        _in_range(limit.option, numbers.get(limit.option), limit.lowest, limit.highest)
    automod = context.services.automod
    config = await automod.configure(
        context.community_id,
        row.filter,
        enabled=enabled,
        threshold=numbers.get(row.threshold.option) if row.threshold else None,
        window_seconds=numbers.get(row.window.option) if row.window else None,
    )
    if not config.enabled:
        return Reply.text(row.off)
    allowed = ""
    if "{allowed}" in row.on:  # only links name them, which costs a read
        domains = (await automod.rules(context.community_id)).allowed_domains
        allowed = ", ".join(sorted(domains)) or "none yet (add with /automod domain add)"
    answer = row.on.format(
        action=action_text(config),
        threshold=config.threshold,
        window=config.window_seconds,
        allowed=allowed,
    )
    return Reply.text(answer + (content_note(context) if row.reads_content else ""))


def _in_range(name: str, value: int | None, lowest: int, highest: int) -> None:
    if value is not None and not lowest <= value <= highest:
        raise UserFacingError(f"Choose {name} from {lowest} to {highest}. Nothing was changed.")
