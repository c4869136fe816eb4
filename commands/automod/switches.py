"""The switch commands, `/automod <filter> on|off [numbers]`, as one table of rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.automod.model import FilterConfig, FilterName
from bot.errors import UserFacingError
from bot.i18n import N_, _, ngettext
from bot.levels import Level
from bot.messages import Reply
from commands.automod.common import AutomodContext, AutomodServices, action_text, content_note
from commands.spec import CommandSpec, OptionKind, OptionSpec

Switch = Literal["on", "off"]

MAX_MENTIONS = 50
MAX_FLOOD_MESSAGES = 100
MAX_WINDOW_SECONDS = 3600
MAX_REPEAT_CHANNELS = 20

Wording = Callable[[int], str]
"""A switch's text for the filter's threshold (`{count}`), in the current language."""


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

    `on` and `listed` (its line in `/automod list` while on) return formats for the threshold:
    `{action}` is what happens to a match, `{count}` the threshold, `{window}` the time window
    in words, `{allowed}` the allowed domains. `help`, `switch` and `off` are catalogue
    messages (`N_`), translated where shown. `reads_content` filters add a note where message
    text is unreadable.
    """

    filter: FilterName
    help: str
    switch: str
    on: Wording
    off: str
    listed: Wording
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
            help=N_("Screen links to domains that are not allowed (see /automod domain), or stop."),
            switch=N_("screen links or not"),
            on=lambda count: _(
                "Links to domains that are not allowed are now {action}. Allowed: {allowed}."
            ),
            off=N_("Links are no longer screened."),
            listed=lambda count: _("on, allowed domains: {allowed}"),
            reads_content=True,
        ),
        FilterSwitch(
            FilterName.INVITES,
            help=N_("Screen invite links to other Discord servers and Slack workspaces, or stop."),
            switch=N_("screen invite links or not"),
            on=lambda count: _(
                "Invite links (discord.gg, discord.com/invite, join.slack.com) are now {action}."
            ),
            off=N_("Invite links are no longer screened."),
            listed=lambda count: _("on"),
            reads_content=True,
        ),
        FilterSwitch(
            FilterName.MENTIONS,
            help=N_("Screen messages that mention more than a number of people (default 5)."),
            switch=N_("screen mention spam or not"),
            on=lambda count: ngettext(
                "Messages with more than {count} mention are now {action}.",
                "Messages with more than {count} mentions are now {action}.",
                count,
            ),
            off=N_("Mention spam is no longer screened."),
            listed=lambda count: ngettext(
                "on, more than {count} mention", "on, more than {count} mentions", count
            ),
            threshold=Limit(
                "limit", 1, MAX_MENTIONS, N_("more mentions than this in one message is spam")
            ),
        ),
        FilterSwitch(
            FilterName.FLOOD,
            help=N_(
                "Screen members who post more than a number of messages in a few seconds "
                "(default 5/10)."
            ),
            switch=N_("screen flooding or not"),
            on=lambda count: ngettext(
                "More than {count} message within {window} from one member is now {action} "
                "(once per burst).",
                "More than {count} messages within {window} from one member is now {action} "
                "(once per burst).",
                count,
            ),
            off=N_("Flooding is no longer screened."),
            listed=lambda count: ngettext(
                "on, more than {count} message in {window}",
                "on, more than {count} messages in {window}",
                count,
            ),
            threshold=Limit("messages", 1, MAX_FLOOD_MESSAGES, N_("more messages than this ...")),
            window=Limit(
                "seconds", 1, MAX_WINDOW_SECONDS, N_("... within this many seconds is flooding")
            ),
        ),
        FilterSwitch(
            FilterName.REPEATS,
            help=N_(
                "Screen the same message posted in several channels (default 3 channels in 60 "
                "seconds)."
            ),
            switch=N_("screen repeated messages or not"),
            on=lambda count: ngettext(
                "The same message from one member in {count} channel within {window} is now "
                "{action}.",
                "The same message from one member in {count} channels within {window} is now "
                "{action}.",
                count,
            ),
            off=N_("Repeated messages are no longer screened."),
            listed=lambda count: ngettext(
                "on, the same message in {count} channel within {window}",
                "on, the same message in {count} channels within {window}",
                count,
            ),
            threshold=Limit(
                "channels", 2, MAX_REPEAT_CHANNELS, N_("the same message in this many channels ...")
            ),
            window=Limit(
                "seconds", 1, MAX_WINDOW_SECONDS, N_("... within this many seconds is spam")
            ),
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
        return Reply.text(_(row.off))
    allowed = ""
    if row.filter is FilterName.LINKS:  # only links name the allowed domains, which costs a read
        domains = (await automod.rules(context.community_id)).allowed_domains
        allowed = ", ".join(sorted(domains)) or _("none yet (add with /automod domain add)")
    answer = filled(row.on, config, allowed)
    return Reply.text(answer + (content_note(context) if row.reads_content else ""))


def filled(wording: Wording, config: FilterConfig, allowed: str = "") -> str:
    """Return a switch's wording for `config`'s numbers, filled in; `allowed`: the domains."""
    count = config.threshold or 0
    window = config.window_seconds or 0
    return wording(count).format(
        action=action_text(config),
        count=count,
        window=ngettext("{count} second", "{count} seconds", window).format(count=window),
        allowed=allowed,
    )


def _in_range(name: str, value: int | None, lowest: int, highest: int) -> None:
    if value is not None and not lowest <= value <= highest:
        raise UserFacingError(
            _("Choose {option} from {lowest} to {highest}. Nothing was changed.").format(
                option=name, lowest=lowest, highest=highest
            )
        )
